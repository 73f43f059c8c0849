namespace Gatehouse.Server.Protocol.TokenClaims;

/// <summary>Okta's claims beyond the OIDC core set (okta-reference.md §2).</summary>
internal static class OktaClaimTypes
{
    /// <summary>Token format version, always 1.</summary>
    public const string Version = "ver";

    /// <summary>The user id (00u…) in access tokens, whose <c>sub</c> is the login.</summary>
    public const string UserId = "uid";

    /// <summary>The client id in access tokens.</summary>
    public const string ClientId = "cid";

    /// <summary>The granted scopes as an array in access tokens.</summary>
    public const string Scopes = "scp";

    /// <summary>The identity provider: the org id for users who signed in with a password.</summary>
    public const string IdentityProvider = "idp";

    /// <summary>The user's login; private (never emitted under this name): it becomes the access token's <c>sub</c>.</summary>
    public const string Login = "gatehouse_login";
}
