using System.Net;
using System.Text.Json.Nodes;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// <c>gatehouse apps create web</c> and the apps verbs against <c>/api/v1/apps</c> (Okta's calls and order,
/// okta-reference.md §4). Needs the Apps API (apps, app groups, internal clientcreds) on the server.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsCliTests(GatehouseServerFixture fixture)
{
    private const string RedirectUri = "https://localhost:5001/authorization-code/callback";
    private const string PostLogoutRedirectUri = "https://localhost:5001/signout/callback";
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task AppsCreateWeb_Batch_WritesOktaEnvAndTheAppSignsIn()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var label = $"CLI Web {Guid.NewGuid():N}";

        var run = await sandbox.RunAsync(string.Empty, "apps", "create", "web", "--batch", "--app-name", label,
            "--redirect-uri", RedirectUri, "--post-logout-redirect-uri", PostLogoutRedirectUri);

        Assert.True(run.ExitCode == 0, run.ToString());
        var clientId = run.Output.Split('\n').Single(line => line.StartsWith("Created OIDC application, client-id: ", StringComparison.Ordinal))
            ["Created OIDC application, client-id: ".Length..].Trim();
        var envPath = Path.Combine(sandbox.WorkingDirectory, ".okta.env");
        Assert.Contains($"Okta application configuration has been written to: {envPath}", run.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliSandbox.Mode(envPath));
        var env = ReadEnv(envPath);
        Assert.Equal(_server.DefaultIssuer, env["OKTA_OAUTH2_ISSUER"]);
        Assert.Equal(clientId, env["OKTA_OAUTH2_CLIENT_ID"]);
        Assert.DoesNotContain(env["OKTA_OAUTH2_CLIENT_SECRET"], run.Output, StringComparison.Ordinal);

        // The app works as written: Everyone may sign in, the secret redeems the code.
        using var browser = new Browser(_server);
        var request = new AuthorizeRequest
        {
            Issuer = env["OKTA_OAUTH2_ISSUER"],
            ClientId = env["OKTA_OAUTH2_CLIENT_ID"],
            ClientSecret = env["OKTA_OAUTH2_CLIENT_SECRET"],
            RedirectUri = RedirectUri,
        };
        var result = await browser.AuthorizeAsync(request, TestSeed.Bob, TestSeed.BobPassword);
        Assert.NotNull(result.Code);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        // Same label again: the app is reused, not duplicated.
        var again = await sandbox.RunAsync(string.Empty, "apps", "create", "web", "--batch", "--app-name", label, "--redirect-uri", RedirectUri);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"client-id: {clientId}", again.Output, StringComparison.Ordinal);
        Assert.Equal(env["OKTA_OAUTH2_CLIENT_SECRET"], ReadEnv(envPath)["OKTA_OAUTH2_CLIENT_SECRET"]);
    }

    [Fact]
    public async Task AppsCreate_Prompts_DefaultsToDirectoryNameAndRedirectOrigin()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var configFile = Path.Combine(sandbox.WorkingDirectory, "config", "app.env");

        // Type, name (default: the directory "my-app" plus a suffix to stay unique), redirect URI, post-logout default.
        var name = $"my-app-{Guid.NewGuid():N}";
        var run = await sandbox.RunAsync($"web\n{name}\nhttp://localhost:8080/callback\n\n", "apps", "create", "--config-file", configFile);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Application name [my-app]: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Enter your Post Logout Redirect URI(s) [http://localhost:8080/]: ", run.Output, StringComparison.Ordinal);
        var clientId = ReadEnv(configFile)["OKTA_OAUTH2_CLIENT_ID"];

        var list = await sandbox.RunAsync(string.Empty, "apps", "--json");
        var app = JsonNode.Parse(list.Output)!.AsArray().Single(node => node!["label"]!.GetValue<string>() == name)!;
        Assert.Equal(["http://localhost:8080/"], app["settings"]!["oauthClient"]!["post_logout_redirect_uris"]!.AsArray().Select(uri => uri!.GetValue<string>()));
        var appId = app["id"]!.GetValue<string>();

        var config = await sandbox.RunAsync(string.Empty, "apps", "config", "--app", appId);
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Contains($"Client Id:     {clientId}", config.Output, StringComparison.Ordinal);
        Assert.Contains($"Client Secret: {ReadEnv(configFile)["OKTA_OAUTH2_CLIENT_SECRET"]}", config.Output, StringComparison.Ordinal);

        var deleted = await sandbox.RunAsync(string.Empty, "apps", "delete", appId, "--yes");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var gone = await sandbox.RunAsync(string.Empty, "apps", "config", "--app", appId);
        Assert.Equal(7, gone.ExitCode);
    }

    public static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path).Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));
}
