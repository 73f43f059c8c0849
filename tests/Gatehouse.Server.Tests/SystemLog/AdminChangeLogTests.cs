using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>Every successful admin change on <c>/api/v1</c> is recorded with Okta's event type, the calling admin and the targets.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AdminChangeLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private static async Task<string> AliceIdAsync(ManagementApiClient api) => (await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(TestSeed.Alice)))["id"]!;

    [Fact]
    public async Task Groups_CreateRenameMembershipDeleteRecordedWithAdminAndTargets()
    {
        using var api = new ManagementApiClient(Server);
        var aliceId = await AliceIdAsync(api);
        var user = await UsersApiTests.CreateAsync(api, "log-member", activate: true);
        var userId = user["id"]!;
        var since = LogsApi.Now(Server);
        var name = GroupsApiTests.UniqueName("Log");

        var groupId = (await api.PostAsync("/api/v1/groups", new { profile = new { name } }))["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"/api/v1/groups/{groupId}", new { profile = new { name = name + "x" } })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{groupId}/users/{userId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/groups/{groupId}/users/{userId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/groups/{groupId}")).Status);

        var events = await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{groupId}\""));
        Assert.Equal(
            ["group.lifecycle.create", "group.profile.update", "group.user_membership.add", "group.user_membership.remove", "group.lifecycle.delete"],
            events.Select(logEvent => logEvent.Text("eventType")));
        Assert.All(events, logEvent =>
        {
            Assert.Equal(aliceId, logEvent.Text("actor", "id"));
            Assert.Equal(TestSeed.Alice, logEvent.Text("actor", "alternateId"));
            Assert.Equal("SUCCESS", logEvent.Text("outcome", "result"));
        });
        Assert.Equal(name, events[0].GetProperty("target")[0].Text("displayName"));
        Assert.Equal("UserGroup", events[0].GetProperty("target")[0].Text("type"));
        Assert.Equal([groupId, userId], LogsApi.TargetIds(events[2]));
        Assert.Equal(name + "x", events[4].GetProperty("target")[0].Text("displayName"));
    }

    [Fact]
    public async Task Users_LifecycleRecordedWithOktaEventTypes()
    {
        using var api = new ManagementApiClient(Server);
        var since = LogsApi.Now(Server);

        var user = await UsersApiTests.CreateAsync(api, "log-lifecycle", activate: true);
        var id = user["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{id}", new { profile = new { firstName = "Renamed" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{id}/lifecycle/suspend", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{id}/lifecycle/unsuspend", new { })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{id}/sessions")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{id}")).Status);

        var events = await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{id}\""));
        Assert.Equal(
            ["user.lifecycle.create", "user.account.update_profile", "user.lifecycle.suspend", "user.lifecycle.unsuspend",
             "user.session.clear", "user.lifecycle.deactivate", "user.lifecycle.delete.initiated"],
            events.Select(logEvent => logEvent.Text("eventType")));
        // The deleted user is still named in the event that deleted it.
        Assert.Equal(UsersApiTests.Profile(user, "login"), events[^1].GetProperty("target")[0].Text("alternateId"));
    }

    [Fact]
    public async Task FailedAndForbiddenChangesAreNotRecorded()
    {
        using var api = new ManagementApiClient(Server);
        using var readOnly = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);
        var since = LogsApi.Now(Server);
        var marker = GroupsApiTests.UniqueName("NoLog");

        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/v1/groups/00gdoesnotexist000000")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsync("/api/v1/groups", new { profile = new { name = marker } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/v1/groups", new { profile = new { description = marker } })).Status);

        var recorded = await LogsApi.EventsAsync(api, ("since", since), ("filter", "eventType sw \"group.\""));
        Assert.True(recorded.Count == 0, string.Join('\n', recorded.Select(logEvent => logEvent.GetRawText())));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), ("filter", "target.id eq \"00gdoesnotexist000000\"")));
    }

    [Fact]
    public async Task ReadOnlyAdminMayReadTheLog()
    {
        using var readOnly = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);

        var response = await readOnly.GetAsync("/api/v1/logs");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, response.Json.ValueKind);
    }
}
