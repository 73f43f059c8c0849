using System.Text.Json;
using System.Text.Json.Nodes;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>What scripts read: <c>--json</c> on every read verb, and no spinner when the output is not a terminal.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class CliOutputTests(GatehouseServerFixture fixture)
{
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task ReadVerbs_Json_PrintOnlyJson()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (appId, _) = await AppsVerbsCliTests.CreateWebAppAsync(sandbox);
        string[][] reads =
        [
            ["apps"],
            ["apps", "config", "--app", appId],
            ["users", "list"],
            ["users", "get", TestSeed.Alice],
            ["groups", "list"],
        ];

        foreach (var verb in reads)
        {
            var run = await sandbox.RunAsync(string.Empty, [.. verb, "--json"]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', verb)}: {run}");
            Assert.True(IsJson(run.Output), $"{string.Join(' ', verb)} --json printed: {run.Output}");
        }

        // logs --json: one event per line, each a JSON object (what `jq -c` and log shippers read).
        var logs = await sandbox.RunAsync(string.Empty, "logs", "--since", "1d", "--json");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        var lines = logs.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.IsType<JsonObject>(JsonNode.Parse(line)));
    }

    [Fact]
    public async Task Spinner_OutputRedirected_IsNeverDrawn()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);

        // The real executable with its streams redirected, as in a script or CI: the verb that spins while it waits.
        var run = await sandbox.RunProcessAsync(string.Empty, "apps", "create", "web", "--batch", "--app-name", $"CLI Spin {Guid.NewGuid():N}",
            "--redirect-uri", "https://localhost:5001/callback");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Created OIDC application, client-id: ", run.Output, StringComparison.Ordinal);
        foreach (var stream in new[] { run.Output, run.Error })
        {
            Assert.DoesNotContain('\r', stream);
            Assert.DoesNotContain("Creating the application", stream, StringComparison.Ordinal);
            Assert.DoesNotContain("\\ ", stream, StringComparison.Ordinal);
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            return JsonNode.Parse(text) is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
