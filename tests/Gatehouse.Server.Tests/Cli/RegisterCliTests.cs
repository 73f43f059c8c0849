using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// <c>gatehouse register</c> on a server without an admin: the bootstrap token from the data directory, the admin and
/// API token created, okta.yaml written owner-only, the set-password link (policy, expiry, one use), then sign-in.
/// </summary>
public sealed partial class RegisterCliTests
{
    private const string FreshSeed = """{ "org": { "name": "Fresh Org" } }""";
    private const string Answers = "Ada\nLovelace\nada@example.com\n";
    private const string Password = "Analytical-Engine-1843";

    [Fact]
    public async Task Register_WithDataDirectory_CreatesAdminThenLinkSetsPasswordAndSignInWorks()
    {
        await using var server = await GatehouseServer.StartAsync(FreshSeed);
        var tokenFile = Path.Combine(server.DataDirectory, "bootstrap-token");
        Assert.True(File.Exists(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliSandbox.Mode(tokenFile));
        using var sandbox = new CliSandbox();

        var run = await sandbox.RunAsync(Answers, "register", "--org-url", server.Origin, "--data-dir", server.DataDirectory);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Your Gatehouse domain: {server.Origin}", run.Output, StringComparison.Ordinal);
        Assert.Contains("First name: Last name: Email address: ", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(tokenFile));
        var yaml = await File.ReadAllTextAsync(sandbox.OktaYaml);
        Assert.Contains($"orgUrl: \"{server.Origin}\"", yaml, StringComparison.Ordinal);
        Assert.Matches("token: \"00[0-9A-Za-z]{40}\"", yaml);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, CliSandbox.Mode(Path.GetDirectoryName(sandbox.OktaYaml)!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliSandbox.Mode(sandbox.OktaYaml));

        // The saved token and CA work for the admin verbs.
        var users = await sandbox.RunAsync(string.Empty, "users", "list");
        Assert.True(users.ExitCode == 0, users.ToString());
        Assert.Contains("ACTIVE\tada@example.com\tAda Lovelace", users.Output, StringComparison.Ordinal);

        using var browser = new Browser(server);
        var link = new Uri(LinkPattern().Match(run.Output).Value);
        var weak = await SetPasswordAsync(browser, link, "password");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("uppercase", await weak.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var set = await SetPasswordAsync(browser, link, Password);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Contains("Your password is set", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync(link)).StatusCode);

        var signIn = await browser.SubmitSignInAsync(new Uri($"{server.Origin}/signin?returnUrl=%2F"), "ada@example.com", Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The token is spent: a second register is refused, with or without the old token.
        using var other = new CliSandbox();
        var again = await other.RunAsync(Answers, "register", "--org-url", server.Origin, "--data-dir", server.DataDirectory);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already has an administrator", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WrongBootstrapToken_ExitsUnauthorizedAndRightTokenStillWorks()
    {
        await using var server = await GatehouseServer.StartAsync(FreshSeed);
        using var sandbox = new CliSandbox();
        sandbox.Variables["GATEHOUSE_CA_FILE"] = CliSandbox.CaFile(server);
        sandbox.Variables["GATEHOUSE_BOOTSTRAP_TOKEN"] = "not-the-token";

        var wrong = await sandbox.RunAsync(Answers, "register", "--org-url", server.Origin);

        Assert.Equal(5, wrong.ExitCode);
        Assert.Contains("Invalid bootstrap token", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", wrong.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.OktaYaml));

        // An existing okta.yaml is moved aside, owner-only, as Okta's CLI does.
        Directory.CreateDirectory(Path.GetDirectoryName(sandbox.OktaYaml)!);
        await File.WriteAllTextAsync(sandbox.OktaYaml, "okta:\n  client:\n    orgUrl: \"https://old.example\"\n    token: \"old\"\n");
        CliSandbox.SetMode(sandbox.OktaYaml, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        sandbox.Variables["GATEHOUSE_BOOTSTRAP_TOKEN"] = (await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "bootstrap-token"))).Trim();
        var right = await sandbox.RunAsync(string.Empty, "register", "--org-url", server.Origin, "--batch",
            "--first-name", "Ada", "--last-name", "Lovelace", "--email", "ada@example.com");

        Assert.True(right.ExitCode == 0, right.ToString());
        var backup = Assert.Single(sandbox.OktaYamlBackups);
        Assert.Matches(@"okta\.yaml\.\d{8}T\d{4}$", backup);
        Assert.Contains("https://old.example", await File.ReadAllTextAsync(backup), StringComparison.Ordinal);
        Assert.Contains(backup, right.Output, StringComparison.Ordinal);

        // Used once: the same token again is refused.
        using var other = new CliSandbox { Variables = { ["GATEHOUSE_CA_FILE"] = CliSandbox.CaFile(server), ["GATEHOUSE_BOOTSTRAP_TOKEN"] = sandbox.Variables["GATEHOUSE_BOOTSTRAP_TOKEN"] } };
        var reuse = await other.RunAsync(Answers, "register", "--org-url", server.Origin);
        Assert.Equal(6, reuse.ExitCode);
        Assert.Contains("already has an administrator", reuse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPasswordLink_AfterItsLifetime_IsDead()
    {
        await using var server = await GatehouseServer.StartAsync(FreshSeed);
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(Answers, "register", "--org-url", server.Origin, "--data-dir", server.DataDirectory);
        Assert.True(run.ExitCode == 0, run.ToString());
        var link = new Uri(LinkPattern().Match(run.Output).Value);
        using var browser = new Browser(server);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(link)).StatusCode);

        server.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        var expired = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("expired or was already used", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SetPasswordAsync(Browser browser, Uri link, string password)
    {
        var page = await browser.Http.GetStringAsync(link);
        var form = new Dictionary<string, string>
        {
            ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = password,
        };
        return await browser.Http.PostAsync(link, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex(@"https://\S+/reset_password/\S+")]
    private static partial Regex LinkPattern();
}
