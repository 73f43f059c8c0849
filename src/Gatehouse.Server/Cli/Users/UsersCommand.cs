using System.CommandLine;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Cli.Users;

/// <summary><c>gatehouse users create|list|get|deactivate|unlock|reset-password</c> over <c>/api/v1/users</c>.</summary>
internal static class UsersCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var users = new Command("users", "Manage users.");
        users.Subcommands.Add(CreateUser(environment));
        users.Subcommands.Add(List(environment));
        users.Subcommands.Add(Get(environment));
        users.Subcommands.Add(Lifecycle(environment, "deactivate", "Deactivate a user: their sessions and tokens stop working.", confirm: true));
        users.Subcommands.Add(Lifecycle(environment, "unlock", "Unlock a locked-out user.", confirm: false));
        users.Subcommands.Add(ResetPassword(environment));
        return users;
    }

    /// <summary>One line per user: id, status, login, name.</summary>
    public static string Describe(JsonNode? user) =>
        $"{user?["id"]}\t{user?["status"]}\t{user?["profile"]?["login"]}\t{user?["profile"]?["firstName"]} {user?["profile"]?["lastName"]}";

    private static Command CreateUser(CliEnvironment environment)
    {
        var firstName = new Option<string?>("--first-name") { Description = "First name" };
        var lastName = new Option<string?>("--last-name") { Description = "Last name" };
        var email = new Option<string?>("--email") { Description = "Email address" };
        var login = new Option<string?>("--login") { Description = "Login. Default: the email address" };
        var groups = new Option<string[]>("--group-id") { Description = "Group ids to add the user to", AllowMultipleArgumentsPerToken = true };
        var noPassword = new Option<bool>("--no-password") { Description = "Create the user without a password (send a reset link later)" };
        var command = CliOptions.Verb("create", "Create an active user.", reads: true);
        foreach (var option in new Option[] { firstName, lastName, email, login, groups, noPassword })
        {
            command.Options.Add(option);
        }

        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var prompt = context.Prompt;
            var profile = new JsonObject
            {
                ["firstName"] = context.Parse.GetValue(firstName) ?? prompt.Ask("First name", null, "--first-name"),
                ["lastName"] = context.Parse.GetValue(lastName) ?? prompt.Ask("Last name", null, "--last-name"),
                ["email"] = context.Parse.GetValue(email) ?? prompt.Ask("Email address", null, "--email"),
            };
            profile["login"] = context.Parse.GetValue(login) ?? profile["email"]!.GetValue<string>();
            var body = new JsonObject { ["profile"] = profile };
            if (!context.Parse.GetValue(noPassword))
            {
                var password = context.Env.Variables("GATEHOUSE_NEW_USER_PASSWORD") is { Length: > 0 } fromEnvironment
                    ? fromEnvironment
                    : prompt.AskSecret("Password", "GATEHOUSE_NEW_USER_PASSWORD or --no-password");
                body["credentials"] = new JsonObject { ["password"] = new JsonObject { ["value"] = password } };
            }

            if (context.Parse.GetValue(groups) is { Length: > 0 } groupIds)
            {
                body["groupIds"] = new JsonArray([.. groupIds.Select(id => (JsonNode)id)]);
            }

            using var client = context.Connect();
            var user = await client.PostAsync("api/v1/users?activate=true", body, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(user);
                return ExitCodes.Ok;
            }

            context.Line($"Created user {user?["id"]} ({user?["profile"]?["login"]}), status {user?["status"]}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        var query = new Option<string?>("--query", "-q") { Description = "Prefix of login, email, first or last name" };
        var search = new Option<string?>("--search") { Description = "A search expression, e.g. 'status eq \"ACTIVE\"'" };
        var command = CliOptions.Verb("list", "List users: id, status, login, name.", reads: true);
        command.Options.Add(query);
        command.Options.Add(search);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var parameters = new List<string>();
            if (context.Parse.GetValue(query) is { Length: > 0 } q)
            {
                parameters.Add("q=" + Uri.EscapeDataString(q));
            }

            if (context.Parse.GetValue(search) is { Length: > 0 } expression)
            {
                parameters.Add("search=" + Uri.EscapeDataString(expression));
            }

            using var client = context.Connect();
            var users = await client.ListAsync("api/v1/users" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : string.Empty), cancellationToken);
            if (context.Json)
            {
                context.WriteJson(new JsonArray([.. users]));
                return ExitCodes.Ok;
            }

            users.ForEach(user => context.Line(Describe(user)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliEnvironment environment)
    {
        var user = new Argument<string>("user") { Description = "User id or login" };
        var command = CliOptions.Verb("get", "Show a user.", reads: true);
        command.Arguments.Add(user);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            var found = await client.GetAsync($"api/v1/users/{Uri.EscapeDataString(context.Parse.GetValue(user)!)}", cancellationToken);
            if (context.Json)
            {
                context.WriteJson(found);
                return ExitCodes.Ok;
            }

            context.Line($"Id:       {found?["id"]}");
            context.Line($"Status:   {found?["status"]}");
            foreach (var (name, value) in found?["profile"]?.AsObject() ?? [])
            {
                context.Line($"{name + ":",-10}{value}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Lifecycle(CliEnvironment environment, string operation, string description, bool confirm)
    {
        var user = new Argument<string>("user") { Description = "User id or login" };
        var command = CliOptions.Verb(operation, description);
        command.Arguments.Add(user);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetValue(user)!;
            if (confirm && !context.Prompt.Confirm($"{char.ToUpperInvariant(operation[0])}{operation[1..]} {id}?"))
            {
                context.Line("Nothing changed.");
                return ExitCodes.Ok;
            }

            using var client = context.Connect();
            await client.PostAsync($"api/v1/users/{Uri.EscapeDataString(id)}/lifecycle/{operation}", null, cancellationToken);
            context.Line($"Done: {operation} {id}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ResetPassword(CliEnvironment environment)
    {
        var user = new Argument<string>("user") { Description = "User id or login" };
        var command = CliOptions.Verb("reset-password", "Create a one-time link for the user to choose a new password.", reads: true);
        command.Arguments.Add(user);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            var result = await client.PostAsync(
                $"api/v1/users/{Uri.EscapeDataString(context.Parse.GetValue(user)!)}/lifecycle/reset_password?sendEmail=false", null, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(result);
                return ExitCodes.Ok;
            }

            context.Line("Give the user this one-time link to choose a new password:");
            context.Line($"  {result?["resetPasswordUrl"]}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
