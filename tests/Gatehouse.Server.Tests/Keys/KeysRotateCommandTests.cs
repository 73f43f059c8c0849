using System.Diagnostics;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

using static Gatehouse.Server.Tests.Keys.KeyRotationDriver;

namespace Gatehouse.Server.Tests.Keys;

/// <summary>The real <c>gatehouse keys rotate</c> process against a server's data directory.</summary>
public sealed class KeysRotateCommandTests
{
    [Fact]
    public async Task KeysRotate_OnStoppedServersDataDirectory_NextStartPublishesTheNewKeys()
    {
        await using var server = await GatehouseServer.StartAsync();
        var oldOrgKid = Assert.Single(await KidsAsync(server, server.Origin));
        var oldDefaultKid = Assert.Single(await KidsAsync(server, server.DefaultIssuer));
        await server.StopAsync();

        var (exitCode, output, error) = await RunGatehouseAsync(server, "keys", "rotate", "--all", "--data-dir", server.DataDirectory);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");

        await server.StartAsync();
        foreach (var (issuer, oldKid) in new[] { (server.Origin, oldOrgKid), (server.DefaultIssuer, oldDefaultKid) })
        {
            var kids = await KidsAsync(server, issuer);
            Assert.Equal(2, kids.Length);
            Assert.Contains(oldKid, kids);
            var newKid = Assert.Single(kids, kid => kid != oldKid);
            Assert.Contains($"published new key {newKid}", output, StringComparison.Ordinal);

            // The command ran on the real clock, a little after the server clock started; the new key signs once its
            // propagation delay has passed.
            var (_, tokens) = await Issued.TokensAsync(server, issuer);
            Assert.Equal(oldKid, Kid(tokens["id_token"]!));
        }

        server.Clock.Advance(PropagationDelay + TimeSpan.FromMinutes(30));
        var (_, afterActivation) = await Issued.TokensAsync(server, server.DefaultIssuer);
        Assert.NotEqual(oldDefaultKid, Kid(afterActivation["id_token"]!));
        await AssertValidAgainstJwksAsync(server, server.DefaultIssuer, afterActivation["id_token"]!);
    }

    [Fact]
    public async Task KeysRotate_WhileServerRuns_ServerPicksTheKeyUpAtItsNextCheck()
    {
        await using var server = await GatehouseServer.StartAsync();
        var oldKid = Assert.Single(await KidsAsync(server, server.DefaultIssuer));

        var (exitCode, output, error) = await RunGatehouseAsync(server, "keys", "rotate", "--authorization-server", "default", "--data-dir", server.DataDirectory);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.DoesNotContain("org (", output, StringComparison.Ordinal);
        Assert.Single(await KidsAsync(server, server.DefaultIssuer));

        await CheckAsync(server);
        var kids = await KidsAsync(server, server.DefaultIssuer);
        Assert.Equal(2, kids.Length);
        Assert.Contains(oldKid, kids);
        Assert.Single(await KidsAsync(server, server.Origin));
    }

    [Fact]
    public async Task KeysRotate_UnknownAuthorizationServer_FailsAndChangesNothing()
    {
        await using var server = await GatehouseServer.StartAsync();
        var (exitCode, _, error) = await RunGatehouseAsync(server, "keys", "rotate", "--authorization-server", "nope", "--data-dir", server.DataDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("No authorization server 'nope'", error, StringComparison.Ordinal);
        await CheckAsync(server);
        Assert.Single(await KidsAsync(server, server.DefaultIssuer));
        Assert.Single(await KidsAsync(server, server.Origin));
    }

    /// <summary>Runs the gatehouse executable built next to the tests (gatehouse.dll) with <c>dotnet</c>.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunGatehouseAsync(GatehouseServer server, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gatehouse.dll"));
        foreach (var (name, value) in server.Database.EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start gatehouse.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
