using System.Text.Json.Nodes;

using Gatehouse.Server.Cli.Http;

namespace Gatehouse.Server.Cli.Apps;

/// <summary>
/// What Okta's CLI does after creating a SPA (okta-reference.md §4): the origin of each redirect URI becomes a trusted
/// origin with the CORS and REDIRECT scopes, because the SPA calls the token endpoint from the browser and a
/// preflight from an untrusted origin gets no CORS headers. An origin already trusted is reused (origins are unique in
/// an org), and given the scopes it lacks; one that is inactive is activated.
/// </summary>
internal static class SpaTrustedOrigins
{
    private static readonly string[] s_scopes = ["CORS", "REDIRECT"];

    /// <returns>The origins now trusted for the app.</returns>
    public static async Task<List<string>> EnsureAsync(ManagementClient client, IEnumerable<string> redirectUris, CancellationToken cancellationToken)
    {
        var origins = redirectUris
            .Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
                : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var origin in origins)
        {
            var filter = Uri.EscapeDataString($"origin eq \"{origin}\"");
            var existing = (await client.ListAsync($"api/v1/trustedOrigins?filter={filter}", cancellationToken))
                .FirstOrDefault(candidate => string.Equals(candidate["origin"]?.GetValue<string>(), origin, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
            {
                await client.PostAsync("api/v1/trustedOrigins", Body(origin, origin, s_scopes), cancellationToken);
                continue;
            }

            var id = Uri.EscapeDataString(existing["id"]!.GetValue<string>());
            var scopes = (existing["scopes"] as JsonArray ?? []).Select(scope => scope?["type"]?.GetValue<string>()).OfType<string>().ToList();
            if (s_scopes.Except(scopes).Any())
            {
                var name = existing["name"]?.GetValue<string>() ?? origin;
                await client.PutAsync($"api/v1/trustedOrigins/{id}", Body(name, origin, scopes.Union(s_scopes)), cancellationToken);
            }

            if (existing["status"]?.GetValue<string>() == "INACTIVE")
            {
                await client.PostAsync($"api/v1/trustedOrigins/{id}/lifecycle/activate", null, cancellationToken);
            }
        }

        return origins;
    }

    private static JsonObject Body(string name, string origin, IEnumerable<string> scopes) => new()
    {
        ["name"] = name,
        ["origin"] = origin,
        ["scopes"] = new JsonArray([.. scopes.Select(type => (JsonNode)new JsonObject { ["type"] = type })]),
    };
}
