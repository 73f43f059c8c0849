using System.CommandLine;
using System.Text.Json.Nodes;

using Gatehouse.Server.Cli.Config;
using Gatehouse.Server.Cli.Http;

namespace Gatehouse.Server.Cli.Register;

/// <summary>
/// <c>gatehouse register</c>: creates the first admin of a new server (Okta's <c>okta register</c>, okta-reference.md §4),
/// with the one-time bootstrap token that <c>serve</c> printed and wrote in its data directory.
/// </summary>
internal static class RegisterCommand
{
    public const string DefaultOrgUrl = "https://localhost:8443";

    public static Command Create(CliEnvironment environment)
    {
        var orgUrl = new Option<string?>("--org-url") { Description = $"The server's URL. Default {DefaultOrgUrl}" };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "The server's data directory, on this machine: the bootstrap token and the CA are read from it",
        };
        var firstName = new Option<string?>("--first-name") { Description = "Your first name" };
        var lastName = new Option<string?>("--last-name") { Description = "Your last name" };
        var email = new Option<string?>("--email") { Description = "Your email address (your login)" };
        var command = CliOptions.Verb("register", "Create the first administrator of a new Gatehouse server and log in to it.");
        command.Options.Add(orgUrl);
        command.Options.Add(dataDir);
        command.Options.Add(firstName);
        command.Options.Add(lastName);
        command.Options.Add(email);
        command.Options.Add(CliOptions.AllowHttp);

        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var prompt = context.Prompt;
            var url = OrgUrl.Normalize(
                context.Parse.GetValue(orgUrl) ?? prompt.Ask("Gatehouse URL", DefaultOrgUrl, "--org-url"),
                context.Parse.GetValue(CliOptions.AllowHttp));
            var data = context.Parse.GetValue(dataDir) is { Length: > 0 } directory ? context.FullPath(directory) : null;
            var token = BootstrapToken(context, data);
            var caFile = context.CaFile(data is not null && File.Exists(Path.Combine(data, "tls", "ca.pem")) ? Path.Combine(data, "tls", "ca.pem") : null);

            var body = new JsonObject
            {
                ["bootstrapToken"] = token,
                ["profile"] = new JsonObject
                {
                    ["firstName"] = context.Parse.GetValue(firstName) ?? prompt.Ask("First name", null, "--first-name"),
                    ["lastName"] = context.Parse.GetValue(lastName) ?? prompt.Ask("Last name", null, "--last-name"),
                    ["email"] = context.Parse.GetValue(email) ?? prompt.Ask("Email address", null, "--email"),
                },
            };

            JsonNode? result;
            using (var client = ManagementClient.Create(url, apiToken: null, caFile))
            {
                await using var spinner = context.Spin("Creating your account");
                result = await client.PostAsync("api/internal/v1/register", body, cancellationToken);
            }

            var apiToken = result?["apiToken"]?.GetValue<string>() ?? throw new CliException(ExitCodes.ServerError, "The server's answer has no API token.");
            var backup = OktaConfigFile.Write(context.Env.HomeDirectory, new OktaConfig(url, apiToken, caFile), context.Env.Time.GetUtcNow());

            context.Line("New Gatehouse account created!");
            context.Line($"Your Gatehouse domain: {url}");
            context.Line($"Set your password with this link (it works once, until {result?["setPasswordExpiresAt"]}):");
            context.Line($"  {result?["setPasswordUrl"]}");
            context.Line($"Your login: {result?["login"]}");
            context.Line($"Configuration (org URL and API token) written to: {OktaConfigFile.PathFor(context.Env.HomeDirectory)}");
            if (backup is not null)
            {
                context.Line($"The previous configuration was moved to: {backup}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>GATEHOUSE_BOOTSTRAP_TOKEN, else the data directory's file, else asked (a secret: never a flag, which `ps` shows).</summary>
    private static string BootstrapToken(CliContext context, string? dataDirectory)
    {
        if (context.Env.Variables("GATEHOUSE_BOOTSTRAP_TOKEN") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        if (dataDirectory is not null)
        {
            var file = Path.Combine(dataDirectory, Registration.BootstrapToken.FileName);
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.Usage,
                    $"No bootstrap token in {dataDirectory}: the server already has an administrator (use `gatehouse login`), " +
                    "or `gatehouse serve` has not started on this data directory yet.");
            }

            return File.ReadAllText(file).Trim();
        }

        return context.Prompt.AskSecret("Bootstrap token (printed by `gatehouse serve`)", "--data-dir or GATEHOUSE_BOOTSTRAP_TOKEN");
    }
}
