using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>The seed's <c>adminRoles</c> (docs/configuration.md#seed-file): only Okta's role names, applied idempotently.</summary>
public sealed class AdminRoleSeedTests
{
    [Fact]
    public async Task Seed_UnknownAdminRoleStopsTheStart()
    {
        var seed = TestSeed.Json().Replace("\"READ_ONLY_ADMIN\"", "\"ORG_OWNER\"", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => GatehouseServer.StartAsync(seed));

        Assert.Contains("ORG_OWNER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_AdminRolesSurviveARestart()
    {
        await using var server = await GatehouseServer.StartAsync();
        await server.StopAsync();
        await server.StartAsync();
        using var superAdmin = new ManagementApiClient(server);
        using var readOnly = new ManagementApiClient(server, TestSeed.ReadOnlyApiToken);

        Assert.Equal(HttpStatusCode.OK, (await superAdmin.PostAsync("/api/v1/groups", new { profile = new { name = "After restart" } })).Status);
        (await readOnly.PostAsync("/api/v1/groups", new { profile = new { name = "Not allowed" } })).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }
}
