using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary><c>users unlock</c>, <c>users reset-password</c> and <c>logs</c> (filters, <c>--follow</c>), driven as a user types them.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed partial class UsersAndLogsCliTests(GatehouseServerFixture fixture)
{
    private const string Password = "Orbit-Created-2026";
    private const string NewPassword = "Harbor-Chosen-2026";
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task UsersUnlock_LockedOutUser_SignsInAgain()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (_, login) = await CreateUserAsync(sandbox);
        // Identity locks the account after GatehouseOptions.LockoutMaxFailedAttempts (10 by default) failures.
        for (var attempt = 0; attempt < 11; attempt++)
        {
            using var attacker = new Browser(_server);
            await attacker.AuthorizeAsync(new AuthorizeRequest { Issuer = _server.Origin }, login, "Wrong-Password-1");
        }

        // Locked: the right password is refused. (The API still says ACTIVE here; Okta would say LOCKED_OUT.)
        using (var locked = new Browser(_server))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await locked.AuthorizeAsync(new AuthorizeRequest { Issuer = _server.Origin }, login, Password)).PageStatus);
        }

        var run = await sandbox.RunAsync(string.Empty, "users", "unlock", login);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Done: unlock {login}.", run.Output, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", await StatusAsync(sandbox, login));
        using var browser = new Browser(_server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = _server.Origin }, login, Password)).Code);
    }

    [Fact]
    public async Task UsersResetPassword_LinkSetsAPasswordThatSignsIn_Once()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (_, login) = await CreateUserAsync(sandbox);

        var run = await sandbox.RunAsync(string.Empty, "users", "reset-password", login);

        Assert.True(run.ExitCode == 0, run.ToString());
        var link = new Uri(LinkPattern().Match(run.Output).Value);
        Assert.StartsWith(_server.Origin + "/", link.AbsoluteUri, StringComparison.Ordinal);
        using var browser = new Browser(_server);
        var page = await browser.Http.GetStringAsync(link);
        var form = new Dictionary<string, string>
        {
            ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        };
        using var set = await browser.Http.PostAsync(link, new FormUrlEncodedContent(form));
        Assert.True(set.IsSuccessStatusCode || set.StatusCode == HttpStatusCode.Redirect, $"{set.StatusCode}: {await set.Content.ReadAsStringAsync()}");

        using (var signIn = new Browser(_server))
        {
            Assert.NotNull((await signIn.AuthorizeAsync(new AuthorizeRequest { Issuer = _server.Origin }, login, NewPassword)).Code);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task Logs_FilterAndQuery_ShowOnlyTheMatchingEvents()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (userId, login) = await CreateUserAsync(sandbox);
        await SignInAsync(login);
        await SignInAsync(TestSeed.Bob, TestSeed.BobPassword);

        var filtered = await sandbox.RunAsync(string.Empty, "logs", "--since", "1d", "--filter", $"actor.id eq \"{userId}\"", "--json");
        var byQuery = await sandbox.RunAsync(string.Empty, "logs", "--since", "1d", "-q", userId, "--json");
        var text = await sandbox.RunAsync(string.Empty, "logs", "--since", "1d", "--filter", $"actor.id eq \"{userId}\"");

        Assert.True(filtered.ExitCode == 0, filtered.ToString());
        var actorEvents = Events(filtered);
        Assert.Contains(actorEvents, entry => entry["eventType"]!.GetValue<string>() == "user.session.start");
        Assert.All(actorEvents, entry => Assert.Equal(userId, entry["actor"]!["id"]!.GetValue<string>()));
        // The keyword also finds the events that name the user as a target (its creation by the admin).
        var keywordEvents = Events(byQuery);
        Assert.Contains(keywordEvents, entry => entry["target"]?.AsArray().Any(target => target!["id"]!.GetValue<string>() == userId) == true);
        Assert.All(keywordEvents, entry => Assert.Contains(userId, entry.ToJsonString(), StringComparison.Ordinal));
        Assert.Contains($"\tuser.session.start\t{login}\tSUCCESS\t", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSeed.Bob, text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsFollow_PrintsANewEventAsItHappens_UntilCancelled()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var (userId, login) = await CreateUserAsync(sandbox);
        sandbox.LogsPollInterval = TimeSpan.FromMilliseconds(100);
        using var output = new LiveOutput();
        using var stop = new CancellationTokenSource();
        var following = sandbox.RunAsync(string.Empty, output, stop.Token,
            "logs", "--follow", "--since", "1d", "--filter", $"actor.id eq \"{userId}\" and eventType eq \"user.session.start\"");

        await SignInAsync(login);
        await output.WaitForAsync($"\tuser.session.start\t{login}\tSUCCESS\t", s_patience);
        await stop.CancelAsync();
        var run = await following.WaitAsync(s_patience);

        Assert.Equal(130, run.ExitCode);
        Assert.Contains("Cancelled.", run.Error, StringComparison.Ordinal);
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<(string Id, string Login)> CreateUserAsync(CliSandbox sandbox)
    {
        var login = $"cli-{Guid.NewGuid():N}@example.com";
        sandbox.Variables["GATEHOUSE_NEW_USER_PASSWORD"] = Password;
        var created = await sandbox.RunAsync(string.Empty, "users", "create", "--batch", "--first-name", "Cli", "--last-name", "Verbs", "--email", login, "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        return (JsonNode.Parse(created.Output)!["id"]!.GetValue<string>(), login);
    }

    private async Task SignInAsync(string login, string password = Password)
    {
        using var browser = new Browser(_server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = _server.Origin }, login, password)).Code);
    }

    private static async Task<string> StatusAsync(CliSandbox sandbox, string login) =>
        JsonNode.Parse((await sandbox.RunAsync(string.Empty, "users", "get", login, "--json")).Output)!["status"]!.GetValue<string>();

    private static List<JsonNode> Events(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var events = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.NotEmpty(events);
        return events;
    }

    [GeneratedRegex(@"https://\S+/reset_password/\S+")]
    private static partial Regex LinkPattern();
}
