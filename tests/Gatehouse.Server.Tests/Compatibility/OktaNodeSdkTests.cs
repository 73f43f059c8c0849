using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Compatibility;

/// <summary>
/// Okta's own management SDK for Node (<c>@okta/okta-sdk-nodejs</c>, tests/okta-sdk-compat), unchanged, creates a
/// user, a group and an app, assigns them and reads them back (issue 5: "a tool written for Okta's management API
/// works against Gatehouse without change"). Node trusts Gatehouse's local CA through NODE_EXTRA_CA_CERTS, which adds
/// to Node's trust store without turning validation off. ./test.sh runs <c>npm ci</c> there first.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class OktaNodeSdkTests(GatehouseServerFixture fixture)
{
    private static readonly string CompatDirectory = Path.Combine(
        typeof(OktaNodeSdkTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "RepositoryRoot").Value!,
        "tests",
        "okta-sdk-compat");

    [Fact]
    public async Task OktaNodeSdk_CreatesAndReadsBackUserGroupAppAndAssignments()
    {
        Assert.True(
            Directory.Exists(Path.Combine(CompatDirectory, "node_modules", "@okta", "okta-sdk-nodejs")),
            $"Run `npm ci` in {CompatDirectory} (./test.sh does).");
        var suffix = Guid.NewGuid().ToString("N")[..10];

        var (exitCode, output, error) = await RunNodeAsync(suffix);

        Assert.True(exitCode == 0, $"compat.mjs exited {exitCode}: {error}");
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        var user = root.GetProperty("user");
        Assert.StartsWith("00u", user.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("ACTIVE", user.GetProperty("status").GetString());
        Assert.Equal($"sdk.user.{suffix}@example.com", user.GetProperty("login").GetString());

        var groupId = root.GetProperty("group").GetProperty("id").GetString();
        Assert.StartsWith("00g", groupId, StringComparison.Ordinal);
        Assert.Equal([user.GetProperty("id").GetString()], root.GetProperty("groupMembers").EnumerateArray().Select(member => member.GetString()));
        Assert.Equal([groupId], root.GetProperty("foundGroups").EnumerateArray().Select(found => found.GetString()));

        var app = root.GetProperty("app");
        Assert.StartsWith("0oa", app.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal($"SDK App {suffix}", app.GetProperty("label").GetString());
        Assert.Equal("ACTIVE", app.GetProperty("status").GetString());
        Assert.Equal("OPENID_CONNECT", app.GetProperty("signOnMode").GetString());
        Assert.False(string.IsNullOrEmpty(app.GetProperty("clientId").GetString()));
        Assert.Equal(["http://localhost:8080/authorization-code/callback"], app.GetProperty("redirectUris").EnumerateArray().Select(uri => uri.GetString()));
        Assert.Equal([groupId], root.GetProperty("appGroupAssignments").EnumerateArray().Select(assignment => assignment.GetString()));
    }

    private async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(string suffix)
    {
        var start = new ProcessStartInfo("node", "compat.mjs")
        {
            WorkingDirectory = CompatDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OKTA_CLIENT_ORGURL"] = fixture.Server.Origin;
        start.Environment["OKTA_CLIENT_TOKEN"] = TestSeed.ApiToken;
        start.Environment["NODE_EXTRA_CA_CERTS"] = Path.Combine(fixture.Server.DataDirectory, "tls", "ca.pem");
        start.Environment["COMPAT_SUFFIX"] = suffix;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
