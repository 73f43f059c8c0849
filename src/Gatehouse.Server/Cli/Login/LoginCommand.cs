using System.CommandLine;

using Gatehouse.Server.Cli.Config;
using Gatehouse.Server.Cli.Http;

namespace Gatehouse.Server.Cli.Login;

/// <summary>
/// <c>gatehouse login</c> (Okta's <c>okta login</c>, okta-reference.md §4): org URL and API token, https only, the
/// token checked against the server before okta.yaml is written; asks before replacing an existing configuration.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var orgUrl = new Option<string?>("--org-url") { Description = "The org URL, e.g. https://localhost:8443" };
        var apiToken = new Option<string?>("--api-token")
        {
            Description = "The API token (visible to other local users in the process list: prefer the prompt or OKTA_CLIENT_TOKEN)",
        };
        var command = CliOptions.Verb("login", "Connect the CLI to a Gatehouse (or Okta) org with its URL and an API token.");
        command.Options.Add(orgUrl);
        command.Options.Add(apiToken);
        command.Options.Add(CliOptions.AllowHttp);

        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var home = context.Env.HomeDirectory;
            var existing = OktaConfigFile.Read(home);
            if (existing is not null && !context.Prompt.Confirm($"An existing configuration for {existing.OrgUrl} is in {OktaConfigFile.PathFor(home)}. Overwrite it?"))
            {
                context.Line("Configuration left unchanged.");
                return ExitCodes.Ok;
            }

            var url = OrgUrl.Normalize(
                context.Parse.GetValue(orgUrl) ?? context.Prompt.Ask("Org URL", null, "--org-url"),
                context.Parse.GetValue(CliOptions.AllowHttp));
            var token = context.Parse.GetValue(apiToken)
                ?? (context.Env.Variables("OKTA_CLIENT_TOKEN") is { Length: > 0 } variable ? variable : null);
            if (token is null)
            {
                context.Line("Enter an API token (`gatehouse register` prints one; an admin can create more).");
                token = context.Prompt.AskSecret("API token", "--api-token or OKTA_CLIENT_TOKEN");
            }

            var caFile = context.CaFile();
            using (var client = ManagementClient.Create(url, token, caFile))
            {
                // Any call an admin's token may make; it fails with E0000011 for a wrong token.
                await using var spinner = context.Spin("Checking the API token");
                await client.GetAsync("api/v1/users?limit=1", cancellationToken);
            }

            var backup = OktaConfigFile.Write(home, new OktaConfig(url, token, caFile), context.Env.Time.GetUtcNow());
            context.Line($"Logged in to {url}.");
            context.Line($"Configuration written to: {OktaConfigFile.PathFor(home)}");
            if (backup is not null)
            {
                context.Line($"The previous configuration was moved to: {backup}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
