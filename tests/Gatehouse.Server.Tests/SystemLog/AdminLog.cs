using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// A table of admin changes, each with the Okta event type it must record. The changes run in order (each must
/// succeed: a failed change records nothing, which would make the table's assertions pass for the wrong reason);
/// the events are then read back by target id, as an auditor would look for "who changed this object".
/// </summary>
internal sealed record AdminChange(string EventType, Func<Task<ApiResponse>> Call)
{
    public static async Task RunAsync(IEnumerable<AdminChange> changes)
    {
        foreach (var change in changes)
        {
            var response = await change.Call();
            Assert.True((int)response.Status is >= 200 and <= 299, $"{change.EventType}: {response.Status} {response.Body}");
        }
    }
}

internal static class AdminLog
{
    /// <summary>
    /// Asserts that the events naming <paramref name="targetId"/> since <paramref name="since"/> are exactly
    /// <paramref name="eventTypes"/>, in order, each by the seeded super admin (alice, whose token the client uses)
    /// with a SUCCESS outcome and a target of that id and <paramref name="targetType"/>.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> AssertRecordedAsync(
        ManagementApiClient api, string since, string targetId, string targetType, params IEnumerable<string> eventTypes)
    {
        var adminId = (await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(TestSeed.Alice)))["id"]!;
        var events = await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{targetId}\""));

        Assert.Equal(eventTypes, events.Select(logEvent => logEvent.Text("eventType")));
        Assert.All(events, logEvent =>
        {
            Assert.Equal(adminId, logEvent.Text("actor", "id"));
            Assert.Equal("User", logEvent.Text("actor", "type"));
            Assert.Equal(TestSeed.Alice, logEvent.Text("actor", "alternateId"));
            Assert.Equal("SUCCESS", logEvent.Text("outcome", "result"));
            var target = Assert.Single(logEvent.GetProperty("target").EnumerateArray(), target => target.Text("id") == targetId);
            Assert.Equal(targetType, target.Text("type"));
        });
        return events;
    }

    /// <summary>
    /// Every string (names and values) of every event since <paramref name="since"/>, unescaped: the raw JSON may
    /// escape a secret's characters (<c>+</c> as <c>\u002B</c>), which would hide it from a plain text search.
    /// </summary>
    public static async Task<string> TextSinceAsync(ManagementApiClient api, string since)
    {
        var response = await api.GetAsync(LogsApi.Url(("since", since), ("limit", "1000")));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
        Assert.NotEqual(0, response.Json.GetArrayLength());
        var strings = new List<string>();
        Collect(response.Json, strings);
        return string.Join('\n', strings);
    }

    private static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    strings.Add(property.Name);
                    Collect(property.Value, strings);
                }

                break;
        }
    }
}
