using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// Every mutating <c>/api/v1/apps</c> route is in the System Log with Okta's event type (application.lifecycle.*,
/// application.user_membership.*, group.application_assignment.*, app.oauth2.credentials.lifecycle.*), the admin
/// as actor and the app, user, group or secret as target; no client secret ever appears in an event.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppChangeLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Apps_EveryChangeIsRecordedAgainstTheAppAndWhatItTouches()
    {
        using var api = new ManagementApiClient(Server);
        var userId = (await UsersApiTests.CreateAsync(api, "log-app", activate: true))["id"]!;
        var groupId = (await api.PostAsync("/api/v1/groups", new { profile = new { name = GroupsApiTests.UniqueName("LogApp") } }))["id"]!;
        var since = LogsApi.Now(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Log")));
        var appId = app["id"]!;
        var apps = "/api/v1/apps/" + appId;
        string? secretId = null;
        string? newSecret = null;

        AdminChange[] changes =
        [
            new("application.lifecycle.update", () => api.PutAsync(apps, AppsApi.CliWebApp(AppsApi.UniqueLabel("Log2")))),
            new("application.user_membership.add", () => api.PostAsync($"{apps}/users", new { id = userId })),
            new("application.user_membership.remove", () => api.DeleteAsync($"{apps}/users/{userId}")),
            new("group.application_assignment.add", () => api.PutAsync($"{apps}/groups/{groupId}", new { priority = 0 })),
            new("group.application_assignment.remove", () => api.DeleteAsync($"{apps}/groups/{groupId}")),
            new("app.oauth2.credentials.lifecycle.create", async () =>
            {
                var created = await api.PostAsync($"{apps}/credentials/secrets", new { });
                (secretId, newSecret) = (created["id"], created["client_secret"]);
                return created;
            }),
            new("app.oauth2.credentials.lifecycle.deactivate", () => api.PostAsync($"{apps}/credentials/secrets/{secretId}/lifecycle/deactivate", new { })),
            new("app.oauth2.credentials.lifecycle.delete", () => api.DeleteAsync($"{apps}/credentials/secrets/{secretId}")),
            new("application.lifecycle.deactivate", () => api.PostAsync($"{apps}/lifecycle/deactivate", new { })),
            new("application.lifecycle.activate", () => api.PostAsync($"{apps}/lifecycle/activate", new { })),
            new("application.lifecycle.deactivate", () => api.PostAsync($"{apps}/lifecycle/deactivate", new { })),
            new("application.lifecycle.delete", () => api.DeleteAsync(apps)),
        ];
        await AdminChange.RunAsync(changes);

        await AdminLog.AssertRecordedAsync(api, since, appId, "AppInstance", ["application.lifecycle.create", .. changes.Select(change => change.EventType)]);
        await AdminLog.AssertRecordedAsync(api, since, userId, "User", "application.user_membership.add", "application.user_membership.remove");
        await AdminLog.AssertRecordedAsync(api, since, groupId, "UserGroup", "group.application_assignment.add", "group.application_assignment.remove");
        await AdminLog.AssertRecordedAsync(
            api, since, secretId!, "ClientSecret", "app.oauth2.credentials.lifecycle.create", "app.oauth2.credentials.lifecycle.deactivate", "app.oauth2.credentials.lifecycle.delete");
        var text = await AdminLog.TextSinceAsync(api, since);
        Assert.DoesNotContain(AppsApi.ClientSecret(app)!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret!, text, StringComparison.Ordinal);
    }
}
