using System.CommandLine;
using System.Text.Json.Nodes;

using Gatehouse.Server.Cli.Config;

namespace Gatehouse.Server.Cli.Apps;

/// <summary>
/// <c>gatehouse apps create [web|spa|native|service]</c>: Okta's CLI prompts, defaults and API calls in its order
/// (okta-reference.md §4): authorization servers, an app with the same label to reuse, create, assign Everyone, read
/// the client credentials; then <c>.okta.env</c>.
/// </summary>
internal static class AppsCreateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var type = new Argument<string?>("type") { Description = "web (default), spa, native or service", Arity = ArgumentArity.ZeroOrOne };
        var appName = new Option<string?>("--app-name") { Description = "The application's name (label). Default: the current directory's name" };
        var redirectUri = new Option<string[]>("--redirect-uri") { Description = "Redirect URI(s), comma-separated or repeated", AllowMultipleArgumentsPerToken = true };
        var postLogout = new Option<string[]>("--post-logout-redirect-uri") { Description = "Post-logout redirect URI(s)", AllowMultipleArgumentsPerToken = true };
        var serverId = new Option<string?>("--authorization-server-id") { Description = "The authorization server issuing the app's tokens (default: default)" };
        var configFile = new Option<string?>("--config-file") { Description = $"Where to write the configuration. Default ./{EnvFile.DefaultName}" };
        var command = CliOptions.Verb("create", "Create an OIDC application and write its configuration (.okta.env).");
        command.Arguments.Add(type);
        foreach (var option in new Option[] { appName, redirectUri, postLogout, serverId, configFile })
        {
            command.Options.Add(option);
        }

        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var prompt = context.Prompt;
            var template = AppTemplate.Find(context.Parse.GetValue(type) ?? prompt.Ask("Type of application (web, spa, native, service)", "web", "the type argument"));
            var defaultName = Path.GetFileName(context.Env.WorkingDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var label = context.Parse.GetValue(appName) ?? prompt.Ask("Application name", defaultName, "--app-name");

            List<string> redirects = [], postLogoutRedirects = [];
            if (template.HasRedirects)
            {
                redirects = Split(context.Parse.GetValue(redirectUri)) is { Count: > 0 } given ? given : Split([PromptRedirect(context, template)]);
                postLogoutRedirects = Split(context.Parse.GetValue(postLogout)) is { Count: > 0 } givenLogout ? givenLogout
                    : Split([prompt.Ask("Enter your Post Logout Redirect URI(s)", AppTemplate.DefaultPostLogoutRedirectUri(redirects[0]), "--post-logout-redirect-uri")]);
            }

            using var client = context.Connect();
            string issuer, clientId, appId;
            string? clientSecret;
            bool reused;
            List<string> trustedOrigins = [];
            await using (var spinner = context.Spin("Creating the application"))
            {
                issuer = await AuthorizationServerChoice.IssuerAsync(client, context.Parse.GetValue(serverId), prompt, cancellationToken);
                var existing = (await client.ListAsync($"api/v1/apps?q={Uri.EscapeDataString(label)}", cancellationToken))
                    .FirstOrDefault(app => app["label"]?.GetValue<string>() == label);
                reused = existing is not null;
                var app = existing ?? await client.PostAsync("api/v1/apps", template.CreateBody(label, redirects, postLogoutRedirects), cancellationToken) as JsonObject
                    ?? throw new CliException(ExitCodes.ServerError, "The server's answer has no application.");
                appId = app["id"]?.GetValue<string>() ?? throw new CliException(ExitCodes.ServerError, "The server's answer has no application id.");
                if (template.ApplicationType != "service")
                {
                    await AssignEveryoneAsync(client, appId, cancellationToken);
                }

                if (template == AppTemplate.Spa)
                {
                    trustedOrigins = await SpaTrustedOrigins.EnsureAsync(client, redirects, cancellationToken);
                }

                var credentials = await client.GetAsync($"api/v1/internal/apps/{Uri.EscapeDataString(appId)}/settings/clientcreds", cancellationToken);
                clientId = credentials?["client_id"]?.GetValue<string>() ?? appId;
                clientSecret = credentials?["client_secret"]?.GetValue<string>();
            }

            var values = new List<KeyValuePair<string, string>> { new("OKTA_OAUTH2_ISSUER", issuer), new("OKTA_OAUTH2_CLIENT_ID", clientId) };
            if (template.HasSecret && clientSecret is not null)
            {
                values.Add(new("OKTA_OAUTH2_CLIENT_SECRET", clientSecret));
            }

            var path = context.FullPath(context.Parse.GetValue(configFile) ?? EnvFile.DefaultName);
            EnvFile.Write(path, values);
            context.Line(reused
                ? $"An application named \"{label}\" exists already; using it, client-id: {clientId}"
                : $"Created OIDC application, client-id: {clientId}");
            if (!template.HasSecret)
            {
                context.Line($"Issuer:    {issuer}");
                context.Line($"Client ID: {clientId}");
            }

            foreach (var origin in trustedOrigins)
            {
                context.Line($"Trusted origin (CORS, redirect): {origin}");
            }

            context.Line($"Okta application configuration has been written to: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string PromptRedirect(CliContext context, AppTemplate template)
    {
        if (!context.Batch)
        {
            context.Line("Redirect URI");
            context.Line("Common defaults:");
            context.Line(" ASP.NET Core - https://localhost:5001/authorization-code/callback");
            context.Line(" Spring Security - http://localhost:8080/login/oauth2/code/okta");
            context.Line(" Quarkus OIDC - http://localhost:8080/callback");
        }

        return context.Prompt.Ask("Enter your Redirect URI(s)", template.DefaultRedirectUri, "--redirect-uri");
    }

    /// <summary>Everyone may sign in (Okta's CLI assigns the built-in group with priority 2).</summary>
    private static async Task AssignEveryoneAsync(Http.ManagementClient client, string appId, CancellationToken cancellationToken)
    {
        var search = Uri.EscapeDataString("profile.name eq \"Everyone\"");
        var everyone = (await client.ListAsync($"api/v1/groups?search={search}", cancellationToken)).FirstOrDefault()
            ?? throw new CliException(ExitCodes.NotFound, "The org has no Everyone group to assign the application to.");
        var groupId = everyone["id"]?.GetValue<string>();
        await client.PutAsync($"api/v1/apps/{Uri.EscapeDataString(appId)}/groups/{Uri.EscapeDataString(groupId!)}", new JsonObject { ["priority"] = 2 }, cancellationToken);
    }

    private static List<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
