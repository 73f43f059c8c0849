using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.TokenClaims;
using Gatehouse.Storage;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// <c>GET /api/v1/authorizationServers/{id}/claims</c>, read-only: the claims Gatehouse puts in tokens, in Okta's
/// claim shape. <c>sub</c> is the access token's (Okta's default expression: the user's login, or the client id for
/// client credentials); the OIDC profile and email claims are released by their scopes (Protocol/TokenClaims); the
/// <c>groups</c> claim is Okta's groups claim with the <c>.*</c> regex filter.
/// </summary>
internal static class AuthorizationServerClaims
{
    private static readonly (string Name, string Scope)[] IdentityClaims =
    [
        (Claims.Name, Scopes.Profile), (Claims.PreferredUsername, Scopes.Profile), (Claims.GivenName, Scopes.Profile),
        (Claims.FamilyName, Scopes.Profile), (Claims.Locale, Scopes.Profile), (Claims.Zoneinfo, Scopes.Profile),
        (Claims.UpdatedAt, Scopes.Profile), (Claims.Email, Scopes.Email), (Claims.EmailVerified, Scopes.Email),
    ];

    public static async Task<IResult> ListAsync(string serverId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await AuthorizationServersEndpoints.FindAsync(serverId, database, cancellationToken) is not { } server)
        {
            return ManagementErrors.NotFound(serverId, AuthorizationServersEndpoints.ResourceName);
        }

        var claims = Describe().Select(claim => Json(server.Id, claim.Name, claim.ClaimType, claim.ValueType, claim.Value, claim.Scopes, issuers.Origin)).ToList();
        return TypedResults.Json(claims, ManagementJson.Options);
    }

    /// <summary>The claims of every server, in order: what the API lists and the console shows.</summary>
    internal static IReadOnlyList<(string Name, string ClaimType, string ValueType, string? Value, string[] Scopes)> Describe() =>
    [
        (Claims.Subject, "RESOURCE", "EXPRESSION", "(appuser != null) ? appuser.userName : app.clientId", []),
        .. IdentityClaims.Select(claim => (claim.Name, "IDENTITY", "SYSTEM", (string?)null, new[] { claim.Scope })),
        (UserGroupsClaim.ClaimType, "IDENTITY", "GROUPS", ".*", [UserGroupsClaim.Scope]),
    ];

    private static object Json(string serverId, string name, string claimType, string valueType, string? value, string[] scopes, string origin)
    {
        var id = AuthorizationServersEndpoints.StableId("ocl", serverId, name);
        return new
        {
            id,
            name,
            status = "ACTIVE",
            claimType,
            valueType,
            value,
            group_filter_type = valueType == "GROUPS" ? "REGEX" : null,
            alwaysIncludeInToken = true,
            conditions = new { scopes },
            system = true,
            _links = new { self = new { href = $"{origin}/api/v1/authorizationServers/{serverId}/claims/{id}", hints = new { allow = new[] { "GET" } } } },
        };
    }
}
