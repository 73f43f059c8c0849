using System.Text.Json.Nodes;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>The users and groups verbs against the management API, and how API errors are shown.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AdminVerbsCliTests(GatehouseServerFixture fixture)
{
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task UsersAndGroups_CreateAddMemberListGetDeactivate()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var login = $"cli-{Guid.NewGuid():N}@example.com";
        sandbox.Variables["GATEHOUSE_NEW_USER_PASSWORD"] = "Orbit-Created-2026";

        var created = await sandbox.RunAsync(string.Empty, "users", "create", "--batch", "--first-name", "Cli", "--last-name", "User", "--email", login, "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var userId = JsonNode.Parse(created.Output)!["id"]!.GetValue<string>();
        Assert.StartsWith("00u", userId, StringComparison.Ordinal);

        var groupName = $"cli-group-{Guid.NewGuid():N}";
        var group = await sandbox.RunAsync(string.Empty, "groups", "create", "--name", groupName, "--description", "made by the CLI");
        Assert.True(group.ExitCode == 0, group.ToString());
        var added = await sandbox.RunAsync(string.Empty, "groups", "add-member", "--group", groupName, "--user", login);
        Assert.True(added.ExitCode == 0, added.ToString());

        var groups = await sandbox.RunAsync(string.Empty, "groups", "list", "--json");
        Assert.True(groups.ExitCode == 0, groups.ToString());
        var groupId = JsonNode.Parse(groups.Output)!.AsArray().Single(node => node!["profile"]!["name"]!.GetValue<string>() == groupName)!["id"]!.GetValue<string>();
        using var api = _server.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("SSWS", TestSeed.ApiToken);
        Assert.Contains(userId, await api.GetStringAsync($"/api/v1/groups/{groupId}/users"), StringComparison.Ordinal);

        var listed = await sandbox.RunAsync(string.Empty, "users", "list", "-q", login);
        Assert.Equal($"{userId}\tACTIVE\t{login}\tCli User", listed.Output.Trim());
        var shown = await sandbox.RunAsync(string.Empty, "users", "get", login);
        Assert.Contains("firstName:Cli", shown.Output.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var declined = await sandbox.RunAsync("n\n", "users", "deactivate", userId);
        Assert.Contains("Nothing changed.", declined.Output, StringComparison.Ordinal);
        var deactivated = await sandbox.RunAsync(string.Empty, "users", "deactivate", userId, "--yes");
        Assert.True(deactivated.ExitCode == 0, deactivated.ToString());
        var after = await sandbox.RunAsync(string.Empty, "users", "get", userId, "--json");
        Assert.Equal("DEPROVISIONED", JsonNode.Parse(after.Output)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task UsersCreate_Duplicate_ShowsSummaryAndCausesWithValidationExitCode()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var run = await sandbox.RunAsync(string.Empty, "users", "create", "--batch", "--no-password",
            "--first-name", "Alice", "--last-name", "Again", "--email", TestSeed.Alice);

        Assert.Equal(8, run.ExitCode);
        Assert.Contains("Error: Api validation failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("(E0000001)", run.Error, StringComparison.Ordinal);
        Assert.Contains("\n  - login: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupsCreate_WithReadOnlyToken_ExitsForbidden()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ReadOnlyApiToken);
        var run = await sandbox.RunAsync(string.Empty, "groups", "create", "--name", "nope", "--description", "x");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("E0000006", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersGet_Unknown_ExitsNotFound()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var run = await sandbox.RunAsync(string.Empty, "users", "get", "nobody@example.com");

        Assert.Equal(7, run.ExitCode);
        Assert.Contains("E0000007", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreate_BatchWithoutRequiredAnswer_NamesTheFlag()
    {
        using var sandbox = new CliSandbox().As(_server, TestSeed.ApiToken);
        var run = await sandbox.RunAsync(string.Empty, "users", "create", "--batch", "--no-password", "--first-name", "X");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--last-name", run.Error, StringComparison.Ordinal);
    }
}
