using System.Net;

using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Storage;

using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.Hosting;

/// <summary>
/// <c>/healthz</c> is liveness (the process answers); <c>/readyz</c> is readiness: the database answers and every
/// authorization server has an active signing key, else 503 so a load balancer keeps traffic away.
/// </summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Readyz_Is503UntilEveryAuthorizationServerHasAnActiveSigningKey()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var http = server.CreateClient();
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/healthz"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/readyz"));

        // A server known to this node before its keys are loaded (what a node sees between a new server's
        // creation by another node and its next key check).
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            database.AuthorizationServers.Add(new AuthorizationServer { Id = "ausreadiness", Name = "readiness", Audience = "api://readiness", Created = server.Clock.GetUtcNow() });
            await database.SaveChangesAsync();
        }

        await server.Services.GetRequiredService<IssuerRegistry>().ReloadAsync(CancellationToken.None);

        var (status, body) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body); // no detail for the caller
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/healthz"));

        await server.Services.GetRequiredService<KeyRing>().LoadAsync(["ausreadiness"], CancellationToken.None);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/readyz"));
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
