using System.Text.Json.Nodes;

using Gatehouse.Server.Cli.Console;
using Gatehouse.Server.Cli.Http;

namespace Gatehouse.Server.Cli.Apps;

/// <summary>
/// Which authorization server issues the app's tokens, as Okta's CLI picks it (okta-reference.md §4): the one given,
/// else the only one, else <c>default</c>, else asked.
/// </summary>
internal static class AuthorizationServerChoice
{
    /// <returns>The issuer for the app's configuration.</returns>
    public static async Task<string> IssuerAsync(ManagementClient client, string? requestedId, Prompter prompt, CancellationToken cancellationToken)
    {
        var servers = await client.ListAsync("api/v1/authorizationServers", cancellationToken);
        if (servers.Count == 0)
        {
            throw new CliException(ExitCodes.Rejected,
                "No custom authorization servers were found in this org. Create one (for example `default`) and try again.");
        }

        static string Id(JsonObject server) => server["id"]?.GetValue<string>() ?? string.Empty;
        JsonObject? chosen;
        if (requestedId is not null)
        {
            chosen = servers.FirstOrDefault(server => Id(server) == requestedId || server["name"]?.GetValue<string>() == requestedId)
                ?? throw new CliException(ExitCodes.NotFound,
                    $"No authorization server '{requestedId}'. Known: {string.Join(", ", servers.Select(Id))}.");
        }
        else if (servers.Count == 1)
        {
            chosen = servers[0];
        }
        else
        {
            chosen = servers.FirstOrDefault(server => Id(server) == "default");
            if (chosen is null)
            {
                var answer = prompt.Ask($"Authorization server ({string.Join(", ", servers.Select(Id))})", Id(servers[0]), "--authorization-server-id");
                chosen = servers.FirstOrDefault(server => Id(server) == answer)
                    ?? throw new CliException(ExitCodes.Usage, $"No authorization server '{answer}'.");
            }
        }

        return chosen["issuer"]?.GetValue<string>() ?? $"{client.OrgUrl}/oauth2/{Id(chosen)}";
    }
}
