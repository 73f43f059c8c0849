using System.Collections.Frozen;

using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Hosting;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using OpenIddict.Server;

namespace Gatehouse.Server.Protocol.Issuers;

/// <summary>
/// The org server and the custom authorization servers, resolved from request paths. The issuer origin comes
/// from configuration only: a spoofed Host header never becomes an issuer.
/// </summary>
internal sealed class IssuerRegistry(IOptions<GatehouseOptions> options, IServiceScopeFactory scopeFactory)
{
    private const string OAuth2Segment = "/oauth2";
    private const string VersionSegment = "v1";
    private const string OpenIdConfiguration = "/.well-known/openid-configuration";
    private const string OAuthAuthorizationServer = "/.well-known/oauth-authorization-server";

    private readonly string _origin = options.Value.ResolvePublicOrigin();
    private FrozenDictionary<string, Issuer> _customServers = FrozenDictionary<string, Issuer>.Empty;

    public string Origin => _origin;

    /// <summary>The org authorization server: issuer exactly <c>https://{origin}</c>, no trailing slash.</summary>
    public Issuer OrgServer => field ??= new Issuer(
        AuthorizationServerId: null,
        // openiddict-notes.md: without this option, new Uri("https://H") becomes "https://H/".
        new Uri(_origin, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }),
        _origin,
        OAuth2Segment + "/" + VersionSegment,
        Audience: _origin,
        CustomScopes: new HashSet<string>());

    public IEnumerable<Issuer> All => _customServers.Values.Prepend(OrgServer);

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var servers = await database.AuthorizationServers.AsNoTracking().ToListAsync(cancellationToken);
        var scopes = (await database.AuthorizationServerScopes.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(scope => scope.AuthorizationServerId, scope => scope.Name, StringComparer.Ordinal);
        _customServers = servers.ToFrozenDictionary(server => server.Id, server => ToIssuer(server, scopes[server.Id]), StringComparer.Ordinal);
    }

    public bool TryGetCustomServer(string id, out Issuer issuer) => _customServers.TryGetValue(id, out issuer!);

    /// <summary>
    /// Maps a request path to an authorization server and endpoint: <c>/oauth2/{id}/v1/{name}</c> for a registered
    /// custom server, <c>/oauth2/v1/{name}</c> for the org server, and the servers' discovery documents.
    /// </summary>
    public bool TryResolve(string path, out Issuer issuer, out OpenIddictServerEndpointType endpoint)
    {
        issuer = OrgServer;
        endpoint = OpenIddictServerEndpointType.Unknown;
        if (string.Equals(path, OpenIdConfiguration, StringComparison.Ordinal))
        {
            endpoint = OpenIddictServerEndpointType.Configuration;
            return true;
        }

        if (!path.StartsWith(OAuth2Segment + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path[(OAuth2Segment.Length + 1)..].Split('/');
        if (segments is [VersionSegment, var orgEndpoint])
        {
            return IssuerEndpoints.ByName.TryGetValue(orgEndpoint, out endpoint);
        }

        if (segments.Length < 2 || !_customServers.TryGetValue(segments[0], out var custom))
        {
            return false;
        }

        issuer = custom;
        var rest = "/" + string.Join('/', segments.Skip(1));
        if (rest is OpenIdConfiguration or OAuthAuthorizationServer)
        {
            endpoint = OpenIddictServerEndpointType.Configuration;
            return true;
        }

        return segments is [_, VersionSegment, var name] && IssuerEndpoints.ByName.TryGetValue(name, out endpoint);
    }

    private Issuer ToIssuer(AuthorizationServer server, IEnumerable<string> customScopes)
    {
        var basePath = OAuth2Segment + "/" + server.Id;
        return new Issuer(server.Id, new Uri(_origin + basePath, UriKind.Absolute), _origin, basePath + "/" + VersionSegment,
            server.Audience, customScopes.ToHashSet(StringComparer.Ordinal));
    }
}
