using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// <c>GET /api/v1/logs</c> parameters as Okta's System Log API: since/until, filter, q, sortOrder, limit, the after
/// cursor with Link headers (bounded requests end, polling requests always have a next link) and 400s for bad values.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class LogsQueryTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    /// <summary>Creates <paramref name="count"/> groups named "{marker} i", one second apart: events sharing the keyword marker.</summary>
    private async Task<(string Marker, List<string> GroupIds, string Since)> CreateGroupsAsync(ManagementApiClient api, int count)
    {
        var marker = $"m{Guid.NewGuid():N}";
        var since = LogsApi.Now(Server);
        var ids = new List<string>();
        for (var index = 0; index < count; index++)
        {
            ids.Add((await api.PostAsync("/api/v1/groups", new { profile = new { name = $"{marker} {index}" } }))["id"]!);
            Server.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        return (marker, ids, since);
    }

    private static List<string> FirstTargets(IEnumerable<System.Text.Json.JsonElement> events) =>
        [.. events.Select(logEvent => LogsApi.TargetIds(logEvent)[0])];

    [Fact]
    public async Task Logs_KeywordSortOrderLimitAndTimeBounds()
    {
        using var api = new ManagementApiClient(Server);
        var (marker, ids, since) = await CreateGroupsAsync(api, 4);
        var start = DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("q", marker))));
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("q", marker.ToUpperInvariant() + " group.lifecycle.create"))));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), ("q", marker + " nothing-matches-this")));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), ("q", marker[..10])));
        Assert.Equal(Enumerable.Reverse(ids), FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("q", marker), ("sortOrder", "DESCENDING"))));
        Assert.Equal(ids[..2], FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("q", marker), ("limit", "2"))));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), ("q", marker), ("limit", "0")));
        Assert.Equal(ids[1..3], FirstTargets(await LogsApi.EventsAsync(api,
            ("since", LogsApi.Iso(start.AddSeconds(1))), ("until", LogsApi.Iso(start.AddSeconds(2))), ("q", marker))));
        // Default since is 7 days before now: the events are there now, and gone from the default window 8 days later.
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("q", marker))));
        Server.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Empty(await LogsApi.EventsAsync(api, ("q", marker)));
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("q", marker))));
    }

    [Fact]
    public async Task Logs_FilterOnEveryAttribute()
    {
        using var api = new ManagementApiClient(Server);
        var (marker, ids, since) = await CreateGroupsAsync(api, 2);
        var aliceId = (await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(TestSeed.Alice)))["id"]!;
        (string, string) Q() => ("q", marker);

        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", "eventType eq \"group.lifecycle.create\""))));
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", "outcome.result eq \"SUCCESS\""))));
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", $"actor.id eq \"{aliceId}\""))));
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", "severity eq \"INFO\""))));
        Assert.Equal([ids[1]], FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{ids[1]}\""))));
        Assert.Equal(ids, FirstTargets(await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{ids[0]}\" or target.id eq \"{ids[1]}\""))));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", "outcome.result eq \"FAILURE\"")));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", "actor.id eq \"00unobody\"")));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), Q(), ("filter", "severity eq \"WARN\"")));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{ids[0]}\" and target.id eq \"{ids[1]}\"")));
    }

    [Fact]
    public async Task Logs_BoundedPagesFollowNextLinksToTheEnd()
    {
        using var api = new ManagementApiClient(Server);
        var (marker, ids, since) = await CreateGroupsAsync(api, 5);
        var until = LogsApi.Now(Server);
        var seen = new List<string>();
        var url = LogsApi.Url(("since", since), ("until", until), ("q", marker), ("limit", "2"));

        for (var page = 0; url is not null; page++)
        {
            Assert.True(page < 5, "The next links never end.");
            var response = await api.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.NotNull(ManagementApiClient.Link(response, "self"));
            seen.AddRange(FirstTargets(response.Json.EnumerateArray()));
            url = ManagementApiClient.Link(response, "next")?.Replace(Server.Origin, string.Empty, StringComparison.Ordinal);
        }

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Logs_PollingAlwaysHasANextLinkThatPicksUpNewEvents()
    {
        using var api = new ManagementApiClient(Server);
        var (marker, ids, since) = await CreateGroupsAsync(api, 2);

        var first = await api.GetAsync(LogsApi.Url(("since", since), ("q", marker)));
        Assert.Equal(ids, FirstTargets(first.Json.EnumerateArray()));
        var next = ManagementApiClient.Link(first, "next")!.Replace(Server.Origin, string.Empty, StringComparison.Ordinal);
        var empty = await api.GetAsync(next);
        Assert.Empty(empty.Json.EnumerateArray());
        Assert.NotNull(ManagementApiClient.Link(empty, "next"));

        var later = (await api.PostAsync("/api/v1/groups", new { profile = new { name = $"{marker} later" } }))["id"]!;

        Assert.Equal([later], FirstTargets((await api.GetAsync(next)).Json.EnumerateArray()));
    }

    [Theory]
    [InlineData("since", "yesterday", "E0000001")]
    [InlineData("since", "2026-13-45T00:00:00Z", "E0000001")]
    [InlineData("until", "12345", "E0000001")]
    [InlineData("sortOrder", "UP", "E0000001")]
    [InlineData("limit", "-1", "E0000001")]
    [InlineData("limit", "ten", "E0000001")]
    [InlineData("after", "not-a-cursor", "E0000001")]
    [InlineData("after", "99999999999999999999_1", "E0000001")]
    [InlineData("q", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "E0000001")]
    [InlineData("q", "a b c d e f g h i j k", "E0000001")]
    [InlineData("filter", "eventType eqq \"x\"", "E0000053")]
    [InlineData("filter", "published gt \"2020-01-01\"", "E0000053")]
    [InlineData("filter", "target.id eq", "E0000053")]
    [InlineData("filter", "(eventType eq \"x\"", "E0000053")]
    [InlineData("filter", "\"", "E0000053")]
    public async Task Logs_BadParametersAre400WithOktaErrors(string name, string value, string code)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync(LogsApi.Url((name, value)));

        response.AssertOktaError(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Logs_SinceAfterUntilIs400AndHugeLimitIsCapped()
    {
        using var api = new ManagementApiClient(Server);
        var now = Server.Clock.GetUtcNow();

        var reversed = await api.GetAsync(LogsApi.Url(("since", LogsApi.Iso(now)), ("until", LogsApi.Iso(now.AddDays(-1)))));
        var huge = await api.GetAsync(LogsApi.Url(("limit", "99999999999999999999")));

        reversed.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Equal(HttpStatusCode.OK, huge.Status);
        Assert.True(huge.Json.GetArrayLength() <= 1000);
    }
}
