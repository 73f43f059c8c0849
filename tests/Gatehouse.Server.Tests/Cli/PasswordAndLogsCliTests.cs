using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// <c>users reset-password</c> (needs <c>POST /api/v1/users/{id}/lifecycle/reset_password</c> returning
/// <c>resetPasswordUrl</c>) and <c>logs</c> (needs <c>GET /api/v1/logs</c>).
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed partial class PasswordAndLogsCliTests(GatehouseServerFixture fixture)
{
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task UsersResetPassword_PrintsAOneTimeLink()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var login = $"reset-{Guid.NewGuid():N}@example.com";
        // Okta resets the password of an ACTIVE user only (a user created without one is PROVISIONED).
        sandbox.Variables["GATEHOUSE_NEW_USER_PASSWORD"] = "Orbit-Created-2026";
        var created = await sandbox.RunAsync(string.Empty, "users", "create", "--batch", "--first-name", "Re", "--last-name", "Set", "--email", login);
        Assert.True(created.ExitCode == 0, created.ToString());

        var run = await sandbox.RunAsync(string.Empty, "users", "reset-password", login);

        Assert.True(run.ExitCode == 0, run.ToString());
        var link = UrlPattern().Match(run.Output).Value;
        Assert.StartsWith(_server.Origin + "/", link, StringComparison.Ordinal);
        using var browser = new Browser(_server);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(new Uri(link))).StatusCode);
    }

    [Fact]
    public async Task Logs_Json_PrintsOneEventPerLine()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        using (var browser = new Browser(_server))
        {
            await browser.SubmitSignInAsync(new Uri($"{_server.Origin}/signin?returnUrl=%2F"), TestSeed.Alice, TestSeed.AlicePassword);
        }

        var run = await sandbox.RunAsync(string.Empty, "logs", "--since", "1d", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var events = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, entry => Assert.False(string.IsNullOrEmpty(entry["eventType"]?.GetValue<string>())));
    }

    [GeneratedRegex(@"https://\S+")]
    private static partial Regex UrlPattern();
}
