using OpenIddict.Server;

namespace Gatehouse.Server.Protocol.Issuers;

/// <summary>Okta's endpoint names under <c>…/v1/</c> and the OpenIddict endpoint each one is.</summary>
internal static class IssuerEndpoints
{
    public const string Authorize = "authorize";
    public const string Token = "token";
    public const string UserInfo = "userinfo";
    public const string Keys = "keys";
    public const string Logout = "logout";
    public const string Introspect = "introspect";
    public const string Revoke = "revoke";

    public static readonly IReadOnlyDictionary<string, OpenIddictServerEndpointType> ByName =
        new Dictionary<string, OpenIddictServerEndpointType>(StringComparer.Ordinal)
        {
            [Authorize] = OpenIddictServerEndpointType.Authorization,
            [Token] = OpenIddictServerEndpointType.Token,
            [UserInfo] = OpenIddictServerEndpointType.UserInfo,
            [Keys] = OpenIddictServerEndpointType.JsonWebKeySet,
            [Logout] = OpenIddictServerEndpointType.EndSession,
            [Introspect] = OpenIddictServerEndpointType.Introspection,
            [Revoke] = OpenIddictServerEndpointType.Revocation,
        };
}
