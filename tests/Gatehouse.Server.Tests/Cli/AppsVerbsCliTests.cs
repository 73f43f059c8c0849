using System.Net;
using System.Text.Json.Nodes;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// <c>apps</c>, <c>apps config</c>, <c>apps delete</c> and the SPA's trusted origin (okta-reference.md §4), driven as a
/// user types them.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsVerbsCliTests(GatehouseServerFixture fixture)
{
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task AppsListAndConfig_TextAndJson_ShowTheApp()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (appId, label) = await CreateWebAppAsync(sandbox);
        var secret = AppsCliTests.ReadEnv(Path.Combine(sandbox.WorkingDirectory, ".okta.env"))["OKTA_OAUTH2_CLIENT_SECRET"];

        var list = await sandbox.RunAsync(string.Empty, "apps");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains($"{appId}\t{label}\n", list.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var listJson = await sandbox.RunAsync(string.Empty, "apps", "--json");
        var listed = JsonNode.Parse(listJson.Output)!.AsArray().Single(app => app!["id"]!.GetValue<string>() == appId)!;
        Assert.Equal(label, listed["label"]!.GetValue<string>());

        var config = await sandbox.RunAsync(string.Empty, "apps", "config", "--app", appId);
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Contains($"Name:          {label}", config.Output, StringComparison.Ordinal);
        Assert.Contains($"Client Secret: {secret}", config.Output, StringComparison.Ordinal);
        Assert.Contains($"Issuer:        {_server.DefaultIssuer}", config.Output, StringComparison.Ordinal);
        var configJson = JsonNode.Parse((await sandbox.RunAsync(string.Empty, "apps", "config", "--app", appId, "--json")).Output)!;
        Assert.Equal(label, configJson["name"]!.GetValue<string>());
        Assert.Equal(appId, configJson["clientId"]!.GetValue<string>());
        Assert.Equal(secret, configJson["clientSecret"]!.GetValue<string>());
        Assert.Equal(_server.DefaultIssuer, configJson["issuer"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppsDelete_AsksFirst_NoKeepsTheAppYesDeletesIt()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (kept, keptLabel) = await CreateWebAppAsync(sandbox);
        var (other, _) = await CreateWebAppAsync(sandbox);

        var declined = await sandbox.RunAsync("n\n", "apps", "delete", kept);
        Assert.True(declined.ExitCode == 0, declined.ToString());
        Assert.Contains($"Delete application {kept} ({keptLabel})? Its clients stop working at once. [y/N]: ", declined.Output, StringComparison.Ordinal);
        Assert.Contains($"Skipped {kept}.", declined.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await sandbox.RunAsync(string.Empty, "apps", "config", "--app", kept)).ExitCode);

        var confirmed = await sandbox.RunAsync("y\n", "apps", "delete", kept);
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Contains($"Deleted {kept}.", confirmed.Output, StringComparison.Ordinal);
        Assert.Equal(7, (await sandbox.RunAsync(string.Empty, "apps", "config", "--app", kept)).ExitCode);

        // --yes asks nothing: with no input at all the app is still deleted.
        var unattended = await sandbox.RunAsync(string.Empty, "apps", "delete", other, "--yes");
        Assert.True(unattended.ExitCode == 0, unattended.ToString());
        Assert.DoesNotContain("[y/N]", unattended.Output, StringComparison.Ordinal);
        Assert.Equal(7, (await sandbox.RunAsync(string.Empty, "apps", "config", "--app", other)).ExitCode);
    }

    [Fact]
    public async Task AppsCreateSpa_TrustsTheRedirectOriginForCorsAndRedirect_ReusingAnExistingOne()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        using var api = new ManagementApiClient(_server);
        var origin = $"http://localhost:{Random.Shared.Next(20000, 60000)}";
        using var http = _server.CreateClient();
        using (var before = await http.SendAsync(Preflight(origin)))
        {
            Assert.False(before.Headers.Contains("Access-Control-Allow-Origin"));
        }

        var run = await sandbox.RunAsync(string.Empty, "apps", "create", "spa", "--batch", "--app-name", $"CLI SPA {Guid.NewGuid():N}",
            "--redirect-uri", origin + "/login/callback");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Trusted origin (CORS, redirect): {origin}", run.Output, StringComparison.Ordinal);
        var trusted = Assert.Single(await OriginsAsync(api, origin));
        Assert.Equal(["CORS", "REDIRECT"], trusted["scopes"]!.AsArray().Select(scope => scope!["type"]!.GetValue<string>()).Order());
        Assert.Equal("ACTIVE", trusted["status"]!.GetValue<string>());
        using (var after = await http.SendAsync(Preflight(origin)))
        {
            Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
            Assert.Equal(origin, string.Join(",", after.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        // A second SPA on the same origin reuses the trusted origin instead of failing on a duplicate.
        var second = await sandbox.RunAsync(string.Empty, "apps", "create", "spa", "--batch", "--app-name", $"CLI SPA {Guid.NewGuid():N}",
            "--redirect-uri", origin + "/other/callback");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(trusted["id"]!.GetValue<string>(), Assert.Single(await OriginsAsync(api, origin))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppsCreateSpa_OriginTrustedForRedirectOnly_GainsCors()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        using var api = new ManagementApiClient(_server);
        var origin = $"http://localhost:{Random.Shared.Next(20000, 60000)}";
        var created = await api.PostAsync("/api/v1/trustedOrigins", new { name = "Made by hand", origin, scopes = new[] { new { type = "REDIRECT" } } });
        Assert.Equal(HttpStatusCode.OK, created.Status);

        var run = await sandbox.RunAsync(string.Empty, "apps", "create", "spa", "--batch", "--app-name", $"CLI SPA {Guid.NewGuid():N}",
            "--redirect-uri", origin + "/login/callback");

        Assert.True(run.ExitCode == 0, run.ToString());
        var trusted = Assert.Single(await OriginsAsync(api, origin));
        Assert.Equal("Made by hand", trusted["name"]!.GetValue<string>());
        Assert.Equal(["CORS", "REDIRECT"], trusted["scopes"]!.AsArray().Select(scope => scope!["type"]!.GetValue<string>()).Order());
        using var http = _server.CreateClient();
        using var preflight = await http.SendAsync(Preflight(origin));
        Assert.Equal(origin, string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    /// <summary>A web app made through the CLI; its id is its client id.</summary>
    internal static async Task<(string Id, string Label)> CreateWebAppAsync(CliSandbox sandbox)
    {
        var label = $"CLI Verbs {Guid.NewGuid():N}";
        var run = await sandbox.RunAsync(string.Empty, "apps", "create", "web", "--batch", "--app-name", label, "--redirect-uri", "https://localhost:5001/callback");
        Assert.True(run.ExitCode == 0, run.ToString());
        var list = JsonNode.Parse((await sandbox.RunAsync(string.Empty, "apps", "--json")).Output)!.AsArray();
        return (list.Single(app => app!["label"]!.GetValue<string>() == label)!["id"]!.GetValue<string>(), label);
    }

    private static async Task<List<JsonNode>> OriginsAsync(ManagementApiClient api, string origin)
    {
        var response = await api.GetAsync("/api/v1/trustedOrigins?filter=" + Uri.EscapeDataString($"origin eq \"{origin}\""));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. JsonNode.Parse(response.Json.GetRawText())!.AsArray().Select(node => node!)];
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/oauth2/default/v1/token");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
