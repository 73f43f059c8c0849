using System.Security.Cryptography;
using System.Text;

using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Hosting;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// <c>/api/v1/authorizationServers</c>: the custom authorization servers with their issuer, audience and signing
/// key, and their scopes, read-only (okta-reference.md §3); their access policies are editable (<see cref="PoliciesEndpoints"/>). The Okta CLI reads the list before it
/// creates an app.
/// </summary>
internal static class AuthorizationServersEndpoints
{
    internal const string ResourceName = "AuthorizationServer";

    /// <summary>The OIDC scopes every Okta authorization server has, with Okta's descriptions.</summary>
    /// <summary>Every scope's settings (Okta's Scopes tab): no consent screen, listed in the server's metadata, not a default scope.</summary>
    internal const string ScopeConsent = "IMPLICIT";

    internal const string ScopeMetadataPublish = "ALL_CLIENTS";

    internal const bool ScopeIsDefault = false;

    internal static readonly (string Name, string Description)[] SystemScopes =
    [
        ("openid", "Signals that a request is an OpenID request."),
        ("profile", "Allows access to end-user's default profile claims."),
        ("email", "Allows access to end-user's email address."),
        ("offline_access", "Allows access to a refresh token."),
        ("groups", "Allows access to end-user's group memberships."),
    ];

    public static RouteGroupBuilder MapAuthorizationServersApi(this RouteGroupBuilder api)
    {
        var servers = api.MapGroup("/authorizationServers");
        servers.MapGet("/", ListAsync);
        servers.MapGet("/{authorizationServerId}", GetAsync);
        servers.MapGet("/{authorizationServerId}/scopes", ListScopesAsync);
        servers.MapGet("/{authorizationServerId}/claims", (string authorizationServerId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken) =>
            AuthorizationServerClaims.ListAsync(authorizationServerId, database, issuers, cancellationToken));
        servers.MapPoliciesApi();
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, KeyRing keys, IOptions<GatehouseOptions> options,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        var fetched = await page.Apply(database.AuthorizationServers.AsNoTracking(), server => server.Id).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, server => server.Id, http, issuers.Origin);
        return TypedResults.Json(results.Select(server => ToJson(server, issuers, keys, options.Value)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(
        string authorizationServerId, GatehouseDbContext database, IssuerRegistry issuers, KeyRing keys, IOptions<GatehouseOptions> options,
        CancellationToken cancellationToken) =>
        await FindAsync(authorizationServerId, database, cancellationToken) is { } server
            ? TypedResults.Json(ToJson(server, issuers, keys, options.Value), ManagementJson.Options)
            : ManagementErrors.NotFound(authorizationServerId, ResourceName);

    private static async Task<IResult> ListScopesAsync(
        string authorizationServerId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await FindAsync(authorizationServerId, database, cancellationToken) is not { } server)
        {
            return ManagementErrors.NotFound(authorizationServerId, ResourceName);
        }

        var custom = await database.AuthorizationServerScopes.AsNoTracking()
            .Where(scope => scope.AuthorizationServerId == server.Id).OrderBy(scope => scope.Name).ToListAsync(cancellationToken);
        var scopes = SystemScopes.Select(scope => ScopeJson(server.Id, scope.Name, scope.Description, system: true, issuers.Origin))
            .Concat(custom.Select(scope => ScopeJson(server.Id, scope.Name, scope.Description, system: false, issuers.Origin)));
        return TypedResults.Json(scopes, ManagementJson.Options);
    }

    /// <summary>Okta's <c>default</c> is an alias of the default server's id; here it is the id itself.</summary>
    internal static Task<AuthorizationServer?> FindAsync(string id, GatehouseDbContext database, CancellationToken cancellationToken) =>
        database.AuthorizationServers.AsNoTracking().SingleOrDefaultAsync(server => server.Id == id, cancellationToken);

    private static object ToJson(AuthorizationServer server, IssuerRegistry issuers, KeyRing keys, GatehouseOptions options)
    {
        var self = $"{issuers.Origin}/api/v1/authorizationServers/{server.Id}";
        var issuer = issuers.TryGetCustomServer(server.Id, out var registered) ? registered.Name : $"{issuers.Origin}/oauth2/{server.Id}";
        var signingKey = keys.GetSigningKeys(server.Id).Count > 0 ? keys.GetActiveSigningKey(server.Id) : null;
        return new
        {
            id = server.Id,
            name = server.Name,
            description = server.Description,
            audiences = new[] { server.Audience },
            issuer,
            issuerMode = "ORG_URL",
            status = "ACTIVE",
            created = server.Created,
            lastUpdated = server.Created,
            credentials = new
            {
                signing = new
                {
                    rotationMode = "AUTO",
                    lastRotated = signingKey?.ActivatesAt,
                    nextRotation = signingKey?.ActivatesAt + options.SigningKeyRotationInterval,
                    kid = signingKey?.KeyId,
                    use = "sig",
                },
            },
            _links = new
            {
                scopes = new { href = self + "/scopes", hints = new { allow = new[] { "GET" } } },
                claims = new { href = self + "/claims", hints = new { allow = new[] { "GET" } } },
                policies = new { href = self + "/policies", hints = new { allow = new[] { "GET", "POST" } } },
                self = new { href = self, hints = new { allow = new[] { "GET" } } },
                metadata = new[]
                {
                    new { name = "oauth-authorization-server", href = issuer + "/.well-known/oauth-authorization-server", hints = new { allow = new[] { "GET" } } },
                    new { name = "openid-configuration", href = issuer + "/.well-known/openid-configuration", hints = new { allow = new[] { "GET" } } },
                },
            },
        };
    }

    private static object ScopeJson(string serverId, string name, string? description, bool system, string origin)
    {
        var id = StableId("scp", serverId, name);
        return new
        {
            id,
            name,
            displayName = name,
            description,
            system,
            metadataPublish = ScopeMetadataPublish,
            consent = ScopeConsent,
            optional = false,
            @default = ScopeIsDefault,
            _links = new { self = new { href = $"{origin}/api/v1/authorizationServers/{serverId}/scopes/{id}", hints = new { allow = new[] { "GET" } } } },
        };
    }

    /// <summary>Scopes and claims are keyed by name here; Okta's <c>scp…</c>/<c>ocl…</c> ids are derived from it so that they are stable.</summary>
    internal static string StableId(string prefix, string serverId, string name)
    {
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(serverId + "\n" + name));
        return prefix + string.Concat(hash.Take(17).Select(value => Alphabet[value % Alphabet.Length]));
    }
}
