using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>Trusted origins: every change is in the System Log as Okta's security.trusted_origin.* event.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class TrustedOriginChangeLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task TrustedOrigins_EveryChangeIsRecorded()
    {
        using var api = new ManagementApiClient(Server);
        var since = LogsApi.Now(Server);
        var id = (await api.PostAsync("/api/v1/trustedOrigins", TrustedOriginsApiTests.Body("Log", TrustedOriginsApiTests.UniqueOrigin(), "CORS")))["id"]!;
        var origin = "/api/v1/trustedOrigins/" + id;

        AdminChange[] changes =
        [
            new("security.trusted_origin.update", () => api.PutAsync(origin, TrustedOriginsApiTests.Body("Log 2", TrustedOriginsApiTests.UniqueOrigin(), "CORS", "REDIRECT"))),
            new("security.trusted_origin.deactivate", () => api.PostAsync($"{origin}/lifecycle/deactivate", new { })),
            new("security.trusted_origin.activate", () => api.PostAsync($"{origin}/lifecycle/activate", new { })),
            new("security.trusted_origin.delete", () => api.DeleteAsync(origin)),
        ];
        await AdminChange.RunAsync(changes);

        await AdminLog.AssertRecordedAsync(api, since, id, "TrustedOrigin", ["security.trusted_origin.create", .. changes.Select(change => change.EventType)]);
    }
}
