using System.CommandLine;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Cli.Groups;

/// <summary><c>gatehouse groups create|list|add-member</c> over <c>/api/v1/groups</c>.</summary>
internal static class GroupsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var groups = new Command("groups", "Manage groups.");
        groups.Subcommands.Add(CreateGroup(environment));
        groups.Subcommands.Add(List(environment));
        groups.Subcommands.Add(AddMember(environment));
        return groups;
    }

    private static Command CreateGroup(CliEnvironment environment)
    {
        var name = new Option<string?>("--name") { Description = "The group's name" };
        var description = new Option<string?>("--description") { Description = "What the group is for" };
        var command = CliOptions.Verb("create", "Create a group.", reads: true);
        command.Options.Add(name);
        command.Options.Add(description);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var profile = new JsonObject
            {
                ["name"] = context.Parse.GetValue(name) ?? context.Prompt.Ask("Group name", null, "--name"),
                ["description"] = context.Parse.GetValue(description) ?? context.Prompt.Ask("Description", string.Empty, "--description"),
            };
            using var client = context.Connect();
            var group = await client.PostAsync("api/v1/groups", new JsonObject { ["profile"] = profile }, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(group);
                return ExitCodes.Ok;
            }

            context.Line($"Created group {group?["id"]} ({group?["profile"]?["name"]}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        var query = new Option<string?>("--query", "-q") { Description = "Prefix of the group name" };
        var command = CliOptions.Verb("list", "List groups: id, type, name.", reads: true);
        command.Options.Add(query);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            var path = context.Parse.GetValue(query) is { Length: > 0 } q ? "api/v1/groups?q=" + Uri.EscapeDataString(q) : "api/v1/groups";
            var groups = await client.ListAsync(path, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(new JsonArray([.. groups]));
                return ExitCodes.Ok;
            }

            groups.ForEach(group => context.Line($"{group["id"]}\t{group["type"]}\t{group["profile"]?["name"]}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command AddMember(CliEnvironment environment)
    {
        var group = new Option<string>("--group") { Description = "Group id or name", Required = true };
        var user = new Option<string>("--user") { Description = "User id or login", Required = true };
        var command = CliOptions.Verb("add-member", "Add a user to a group.");
        command.Options.Add(group);
        command.Options.Add(user);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            var groupId = await GroupIdAsync(client, context.Parse.GetValue(group)!, cancellationToken);
            // The membership route takes ids; the users route also finds a user by login.
            var found = await client.GetAsync($"api/v1/users/{Uri.EscapeDataString(context.Parse.GetValue(user)!)}", cancellationToken);
            var userId = found?["id"]?.GetValue<string>() ?? throw new CliException(ExitCodes.ServerError, "The server's answer has no user id.");
            await client.PutAsync($"api/v1/groups/{Uri.EscapeDataString(groupId)}/users/{Uri.EscapeDataString(userId)}", null, cancellationToken);
            context.Line($"Added {found?["profile"]?["login"]} to {context.Parse.GetValue(group)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> GroupIdAsync(Http.ManagementClient client, string idOrName, CancellationToken cancellationToken)
    {
        if (idOrName.StartsWith("00g", StringComparison.Ordinal) && idOrName.Length == 20)
        {
            return idOrName;
        }

        var search = Uri.EscapeDataString($"profile.name eq \"{idOrName.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        var match = (await client.ListAsync($"api/v1/groups?search={search}", cancellationToken)).FirstOrDefault()
            ?? throw new CliException(ExitCodes.NotFound, $"No group named '{idOrName}'.");
        return match["id"]!.GetValue<string>();
    }
}
