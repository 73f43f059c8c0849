using System.Net;

using Gatehouse.Server.Hosting.Storage;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.Storage;

/// <summary>
/// The SQLite group commit (ADR 0008): a response that follows a commit waits until the WAL is fsynced; a response
/// that only read never waits. That concurrent writers share fsyncs shows in bench/run.sh (docs/performance.md).
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class GroupCommitTests(GatehouseServerFixture fixture)
{
    [Fact]
    public async Task Response_AfterACommitWaitsForTheFsyncAndAReadDoesNot()
    {
        var server = fixture.Server;
        if (TestDatabase.IsPostgres)
        {
            // PostgreSQL makes its own commits durable (and groups them); nothing of SQLite's is in the way.
            Assert.Null(server.Services.GetService<SqliteGroupCommit>());
            return;
        }

        var groupCommit = server.Services.GetRequiredService<SqliteGroupCommit>();
        using var http = server.CreateClient();

        var heldBefore = groupCommit.ResponsesHeldForDurability;
        var flushesBefore = groupCommit.FlushCount;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.DefaultIssuer + "/.well-known/openid-configuration"))).StatusCode);
        Assert.Equal(heldBefore, groupCommit.ResponsesHeldForDurability);

        // A client-credentials grant stores its token entry and a System Log event.
        var token = await new TokenClient(http).ClientCredentialsAsync(Tokens.Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(heldBefore + 1, groupCommit.ResponsesHeldForDurability);
        Assert.True(groupCommit.FlushCount > flushesBefore);
    }
}
