using Gatehouse.Bench.LoadDriver;
using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Bench;

/// <summary>
/// A few seconds of every load-driver scenario against a real server, so that bench/run.sh keeps working: each
/// scenario must complete operations with zero errors. Timing is never asserted (CI machines are noisy).
/// </summary>
public sealed class LoadDriverSmokeTests
{
    [Fact]
    public async Task LoadDriver_RunsEveryScenarioWithoutErrors()
    {
        var options = new DriverOptions
        {
            Issuer = new Uri("https://unused"),
            CaFile = "unused",
            UserCount = 3,
            Scenarios = [.. DriverOptions.AllScenarios, "users-list", "users-search", "users-q"],
            Duration = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero,
            Concurrency = 2,
            ApiToken = BenchSeed.ApiToken,
            UserSearchTerm = BenchSeed.LastName(1),
            // The server runs in this process: its CPU time includes the driver's, which is fine for a smoke run.
            ServerPids = [Environment.ProcessId],
            Label = "smoke",
        };
        var seed = BenchSeed.GatehouseSeed(options, BenchSeed.IdentityV3Hash(options.Password)).ToJsonString();
        // Rate limits off, as in bench/run.sh: a load test signs the same few users in many times a minute.
        await using var server = await GatehouseServer.StartAsync(seed, new Dictionary<string, string?> { ["Gatehouse:RateLimits:Enabled"] = "false" });
        options.Issuer = new Uri(server.DefaultIssuer);
        options.CaFile = Path.Combine(server.DataDirectory, "tls", "ca.pem");

        var results = await LoadRunner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.Equal(options.Scenarios, results.Select(result => result.Scenario));
        Assert.All(results, result =>
        {
            Assert.True(result.Errors == 0, $"{result.Scenario}: {result.Errors} errors, first: {(result.SampleErrors.Count > 0 ? result.SampleErrors[0] : "")}");
            Assert.True(result.Operations > 0, $"{result.Scenario}: no operation completed");
            Assert.NotNull(result.ServerCpuMsPerOp);
        });
    }

    [Fact]
    public async Task LoadDriver_WithNodes_SendsEveryRequestToTheNodesNotToThePublicOrigin()
    {
        // Nothing listens at the public origin (the issuer): an operation completes only if the driver routed its
        // connections to a node, as bench/run.sh's BENCH_NODES=2 does with two real nodes. Both "nodes" are the one
        // test server here (the two-node behaviour itself is tested in Nodes/).
        var publicOrigin = $"https://127.0.0.1:{TestPorts.Next()}";
        var options = new DriverOptions
        {
            Issuer = new Uri(publicOrigin + "/oauth2/default"),
            CaFile = "unused",
            UserCount = 3,
            Duration = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero,
            Concurrency = 2,
            ServerPids = [Environment.ProcessId, Environment.ProcessId],
            Label = "smoke-nodes",
        };
        var seed = BenchSeed.GatehouseSeed(options, BenchSeed.IdentityV3Hash(options.Password)).ToJsonString();
        await using var server = await GatehouseServer.StartAsync(seed, new Dictionary<string, string?>
        {
            ["Gatehouse:RateLimits:Enabled"] = "false",
            ["Gatehouse:PublicOrigin"] = publicOrigin,
        });
        options.CaFile = Path.Combine(server.DataDirectory, "tls", "ca.pem");
        options.Nodes = [new Uri(server.Origin), new Uri(server.Origin)];

        var results = await LoadRunner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.Equal(DriverOptions.AllScenarios, results.Select(result => result.Scenario));
        Assert.All(results, result =>
        {
            Assert.True(result.Errors == 0, $"{result.Scenario}: {result.Errors} errors, first: {(result.SampleErrors.Count > 0 ? result.SampleErrors[0] : "")}");
            Assert.True(result.Operations > 0, $"{result.Scenario}: no operation completed");
            Assert.Equal(2, result.Nodes);
        });
    }
}
