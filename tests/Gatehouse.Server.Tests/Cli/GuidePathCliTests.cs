using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// The guide's CLI path with <c>gatehouse</c> for <c>okta</c>, on a fresh server, as a real process answering prompts:
/// register → set the password through the link → login → apps create web → sign in to the new app.
/// (The browser part with the sample app lives in Gatehouse.EndToEndTests.)
/// </summary>
public sealed partial class GuidePathCliTests
{
    [Fact]
    public async Task GuidePath_RegisterSetPasswordLoginCreateWebApp_UserSignsIn()
    {
        await using var server = await GatehouseServer.StartAsync("""{ "org": { "name": "Guide Org" } }""");
        using var sandbox = new CliSandbox();

        var register = await sandbox.RunProcessAsync("Grace\nHopper\ngrace@example.com\n",
            "register", "--org-url", server.Origin, "--data-dir", server.DataDirectory);
        Assert.True(register.ExitCode == 0, register.ToString());
        var token = TokenPattern().Match(await File.ReadAllTextAsync(sandbox.OktaYaml)).Groups[1].Value;

        using var browser = new Browser(server);
        var link = new Uri(LinkPattern().Match(register.Output).Value);
        var page = await browser.Http.GetStringAsync(link);
        var set = await browser.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
            ["Input.NewPassword"] = "Compiler-1952",
            ["Input.ConfirmPassword"] = "Compiler-1952",
        }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        sandbox.Variables["GATEHOUSE_CA_FILE"] = CliSandbox.CaFile(server);
        var login = await sandbox.RunProcessAsync($"y\n{server.Origin}\n{token}\n", "login");
        Assert.True(login.ExitCode == 0, login.ToString());

        var create = await sandbox.RunProcessAsync("\nhttps://localhost:5001/authorization-code/callback\nhttps://localhost:5001/signout/callback\n",
            "apps", "create", "web");
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains("Created OIDC application, client-id: ", create.Output, StringComparison.Ordinal);
        var env = AppsCliTests.ReadEnv(Path.Combine(sandbox.WorkingDirectory, ".okta.env"));

        var request = new AuthorizeRequest
        {
            Issuer = env["OKTA_OAUTH2_ISSUER"],
            ClientId = env["OKTA_OAUTH2_CLIENT_ID"],
            ClientSecret = env["OKTA_OAUTH2_CLIENT_SECRET"],
            RedirectUri = "https://localhost:5001/authorization-code/callback",
        };
        var result = await browser.AuthorizeAsync(request, "grace@example.com", "Compiler-1952");
        Assert.NotNull(result.Code);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [GeneratedRegex(@"https://\S+/reset_password/\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("token: \"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
