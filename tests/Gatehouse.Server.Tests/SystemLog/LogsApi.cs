using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>Reads <c>GET /api/v1/logs</c>. Tests isolate their events with a filter or a unique keyword, never by count alone.</summary>
internal static class LogsApi
{
    /// <summary>
    /// A time just before what the test does next: events are published on the server's (fake) clock. The clock moves
    /// on a millisecond first, so events of earlier tests at the same instant stay out of the window.
    /// </summary>
    public static string Now(GatehouseServer server)
    {
        server.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return Iso(server.Clock.GetUtcNow());
    }

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Url(params (string Name, string Value)[] parameters) =>
        QueryHelpers.AddQueryString("/api/v1/logs", parameters.Select(parameter => new KeyValuePair<string, string?>(parameter.Name, parameter.Value)));

    public static async Task<IReadOnlyList<JsonElement>> EventsAsync(ManagementApiClient api, params (string Name, string Value)[] parameters)
    {
        var response = await api.GetAsync(Url(parameters));
        Assert.True(response.Status == HttpStatusCode.OK, $"{response.Status}: {response.Body}");
        return [.. response.Json.EnumerateArray()];
    }

    /// <summary>The single event of <paramref name="eventType"/> that the filter finds since <paramref name="since"/>.</summary>
    public static async Task<JsonElement> SingleAsync(ManagementApiClient api, string since, string eventType, string filter)
    {
        var events = await EventsAsync(api, ("since", since), ("filter", $"eventType eq \"{eventType}\" and {filter}"));
        return Assert.Single(events);
    }

    public static string Text(this JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element.GetString()!;
    }

    public static IReadOnlyList<string> TargetIds(JsonElement logEvent) =>
        [.. logEvent.GetProperty("target").EnumerateArray().Select(target => target.GetProperty("id").GetString()!)];
}
