using System.CommandLine;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Cli.Apps;

/// <summary><c>gatehouse apps</c> (list: <c>id TAB label</c>, as Okta's CLI), <c>apps create</c>, <c>apps config</c>, <c>apps delete</c>.</summary>
internal static class AppsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var apps = CliOptions.Verb("apps", "List applications (id and label); create, show and delete them.", reads: true);
        CliAction.Set(apps, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            var list = await client.ListAsync("api/v1/apps", cancellationToken);
            if (context.Json)
            {
                context.WriteJson(new JsonArray([.. list]));
                return ExitCodes.Ok;
            }

            foreach (var app in list)
            {
                context.Line($"{app["id"]}\t{app["label"]}");
            }

            return ExitCodes.Ok;
        });
        apps.Subcommands.Add(AppsCreateCommand.Create(environment));
        apps.Subcommands.Add(Config(environment));
        apps.Subcommands.Add(Delete(environment));
        return apps;
    }

    private static Command Config(CliEnvironment environment)
    {
        var appId = new Option<string>("--app") { Description = "The application id", Required = true };
        var serverId = new Option<string?>("--authorization-server-id") { Description = "The authorization server for the issuer" };
        var command = CliOptions.Verb("config", "Show an application's name, client id, client secret and issuer.", reads: true);
        command.Options.Add(appId);
        command.Options.Add(serverId);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            var id = Uri.EscapeDataString(context.Parse.GetValue(appId)!);
            var app = await client.GetAsync($"api/v1/apps/{id}", cancellationToken);
            var credentials = await client.GetAsync($"api/v1/internal/apps/{id}/settings/clientcreds", cancellationToken);
            var issuer = await AuthorizationServerChoice.IssuerAsync(client, context.Parse.GetValue(serverId), context.Prompt, cancellationToken);
            var result = new JsonObject
            {
                ["name"] = app?["label"]?.DeepClone(),
                ["clientId"] = credentials?["client_id"]?.DeepClone(),
                ["clientSecret"] = credentials?["client_secret"]?.DeepClone(),
                ["issuer"] = issuer,
            };
            if (context.Json)
            {
                context.WriteJson(result);
                return ExitCodes.Ok;
            }

            context.Line($"Name:          {result["name"]}");
            context.Line($"Client Id:     {result["clientId"]}");
            context.Line($"Client Secret: {result["clientSecret"]}");
            context.Line($"Issuer:        {issuer}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliEnvironment environment)
    {
        var ids = new Argument<string[]>("app-ids") { Description = "Application ids", Arity = ArgumentArity.OneOrMore };
        var command = CliOptions.Verb("delete", "Deactivate and delete applications.");
        command.Arguments.Add(ids);
        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            using var client = context.Connect();
            foreach (var appId in context.Parse.GetValue(ids) ?? [])
            {
                var id = Uri.EscapeDataString(appId);
                var app = await client.GetAsync($"api/v1/apps/{id}", cancellationToken);
                if (!context.Prompt.Confirm($"Delete application {appId} ({app?["label"]})? Its clients stop working at once."))
                {
                    context.Line($"Skipped {appId}.");
                    continue;
                }

                // Okta deletes only inactive apps.
                await client.PostAsync($"api/v1/apps/{id}/lifecycle/deactivate", null, cancellationToken);
                await client.DeleteAsync($"api/v1/apps/{id}", cancellationToken);
                context.Line($"Deleted {appId}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
