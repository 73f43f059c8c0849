using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>Events are kept for the retention period (default 90 days), then deleted by the pruning service on the server's clock.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Retention_EventsOlderThanTheRetentionAreHiddenAndDeleted()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?> { ["Gatehouse:SystemLogRetention"] = "30.00:00:00" });
        using var api = new ManagementApiClient(server);
        var since = LogsApi.Now(server);
        var oldGroup = (await api.PostAsync("/api/v1/groups", new { profile = new { name = GroupsApiTests.UniqueName("Old") } }))["id"]!;

        server.Clock.Advance(TimeSpan.FromDays(29));
        var keptGroup = (await api.PostAsync("/api/v1/groups", new { profile = new { name = GroupsApiTests.UniqueName("Kept") } }))["id"]!;
        Assert.Equal(2, (await LogsApi.EventsAsync(api, ("since", since), ("filter", "eventType eq \"group.lifecycle.create\""))).Count);
        Assert.Equal(2, await CountAsync(server, oldGroup, keptGroup));

        server.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        var events = await LogsApi.EventsAsync(api, ("since", since), ("filter", "eventType eq \"group.lifecycle.create\""));
        Assert.Equal([keptGroup], events.Select(logEvent => LogsApi.TargetIds(logEvent)[0]));
        // The pruning service runs on the timer the clock just fired; it deletes the old row on its own thread.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await CountAsync(server, oldGroup, keptGroup) != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.Equal(1, await CountAsync(server, oldGroup, keptGroup));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/logs")).Status);
    }

    private static async Task<int> CountAsync(GatehouseServer server, params string[] groupIds)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var events = await database.LogEvents.AsNoTracking().Where(logEvent => logEvent.EventType == "group.lifecycle.create").ToListAsync();
        return events.Count(logEvent => logEvent.TargetIds.Intersect(groupIds).Any());
    }
}
