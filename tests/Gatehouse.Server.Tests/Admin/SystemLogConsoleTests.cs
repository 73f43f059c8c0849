using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>Reports &gt; System Log: the API's query rules and messages, newest first, filtered and paged.</summary>
public sealed class SystemLogConsoleTests(AdminConsoleServer fixture) : IClassFixture<AdminConsoleServer>
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task SystemLog_ShowsEventsNewestFirstToReadOnlyAdmins()
    {
        using var browser = await SecurityConsoleTests.SignInAsync(Server, TestSeed.Bob, TestSeed.BobPassword);

        var page = await browser.Http.GetStringAsync("/admin/reports/system-log");

        // Bob's own sign-in to the console is the newest event; Bob signed in after whatever came before.
        var first = page.IndexOf("<code class=\"event-type\">", StringComparison.Ordinal);
        Assert.True(first > 0, "no events shown");
        Assert.Contains(TestSeed.Bob, page[first..], StringComparison.Ordinal);
        var published = TimesOf(page);
        Assert.True(published.Count >= 2);
        Assert.Equal(published.OrderByDescending(time => time), published);
    }

    [Fact]
    public async Task SystemLog_FiltersByEventTypeActorTargetOutcomeAndKeyword()
    {
        using var browser = await SecurityConsoleTests.SignInAsync(Server, TestSeed.Alice, TestSeed.AlicePassword);
        await SecurityConsoleTests.SignInAsync(Server, TestSeed.Bob, TestSeed.BobPassword);
        using var api = new ManagementApiClient(Server);
        var bobId = (await api.GetAsync($"/api/v1/users/{Uri.EscapeDataString(TestSeed.Bob)}"))["id"];

        var byActor = await browser.Http.GetStringAsync($"/admin/reports/system-log?EventType=user.session.start&Actor={Uri.EscapeDataString(TestSeed.Bob)}&Outcome=SUCCESS");
        var byTarget = await browser.Http.GetStringAsync($"/admin/reports/system-log?Target={bobId}&Q=bob");
        var none = await browser.Http.GetStringAsync("/admin/reports/system-log?EventType=user.session.start&Outcome=DENY");

        Assert.NotEmpty(TimesOf(byActor));
        Assert.All(EventTypesOf(byActor), type => Assert.Equal("user.session.start", type));
        Assert.DoesNotContain(TestSeed.Alice, byActor[byActor.IndexOf("id=\"events\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.NotEmpty(TimesOf(byTarget));
        Assert.Contains("id=\"no-events\"", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemLog_InvalidInput_GetsTheApisMessages()
    {
        using var browser = await SecurityConsoleTests.SignInAsync(Server, TestSeed.Alice, TestSeed.AlicePassword);

        var reversed = await browser.Http.GetAsync("/admin/reports/system-log?Since=2026-01-02T00:00&Until=2026-01-01T00:00");
        var quoted = await browser.Http.GetStringAsync("/admin/reports/system-log?EventType=a%22%20or%20%22");
        var tooMany = await browser.Http.GetStringAsync("/admin/reports/system-log?Q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Range(0, 11))));

        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Contains("since: must be before until", await reversed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Event type: Quotes and backslashes are not allowed.", quoted, StringComparison.Ordinal);
        Assert.Contains("q: Freeform search cannot contain items longer than 40 characters or more than 10 items.", tooMany, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemLog_PagesOlderEventsWithTheSameFilters()
    {
        // More changes than one page holds.
        using var api = new ManagementApiClient(Server);
        for (var i = 0; i < 26; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/groups", new { profile = new { name = $"Paged {i}" } })).Status);
        }

        using var browser = await SecurityConsoleTests.SignInAsync(Server, TestSeed.Alice, TestSeed.AlicePassword);
        var first = await browser.Http.GetStringAsync("/admin/reports/system-log?EventType=group.lifecycle.create");
        var next = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(first, "id=\"older\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains("EventType=group.lifecycle.create", next, StringComparison.Ordinal);
        var second = await browser.Http.GetStringAsync(next);

        var firstTimes = TimesOf(first);
        var secondTimes = TimesOf(second);
        Assert.Equal(25, firstTimes.Count);
        Assert.NotEmpty(secondTimes);
        Assert.True(secondTimes.Max() <= firstTimes.Min());
        Assert.All(EventTypesOf(second), type => Assert.Equal("group.lifecycle.create", type));
        Assert.Contains("Paged 0", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Paged 0", first, StringComparison.Ordinal);
    }

    private static List<DateTimeOffset> TimesOf(string page) =>
        [.. System.Text.RegularExpressions.Regex.Matches(page, "<time datetime=\"([^\"]+)\"").Select(match => DateTimeOffset.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value), System.Globalization.CultureInfo.InvariantCulture))];

    private static List<string> EventTypesOf(string page) =>
        [.. System.Text.RegularExpressions.Regex.Matches(page, "<code class=\"event-type\">([^<]+)</code>").Select(match => match.Groups[1].Value)];
}
