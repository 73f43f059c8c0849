using System.Globalization;
using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// Okta's user dates (<c>activated</c>, <c>statusChanged</c>, <c>passwordChanged</c>, <c>lastLogin</c>) kept on every
/// transition, date and ordering operators in <c>search</c>, and <c>groupIds</c> at creation.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UsersDatesApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private static string Okta(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool IsNull(ApiResponse response, string property) => response.Json.GetProperty(property).ValueKind == JsonValueKind.Null;

    private static async Task<List<string>> SearchIdsAsync(ManagementApiClient api, string search)
    {
        var response = await api.GetAsync("/api/v1/users?limit=200&search=" + Uri.EscapeDataString(search));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Dates_ActiveUserHasActivatedStatusChangedAndPasswordChanged()
    {
        using var api = new ManagementApiClient(Server);

        var created = await UsersApiTests.CreateAsync(api, "dates");

        Assert.Equal(Okta(Server.Clock.GetUtcNow()), created["activated"]);
        Assert.Equal(created["created"], created["statusChanged"]);
        Assert.Equal(created["created"], created["passwordChanged"]);
        Assert.True(IsNull(created, "lastLogin"));
    }

    [Fact]
    public async Task Dates_StagedUserWithoutPasswordHasNone()
    {
        using var api = new ManagementApiClient(Server);

        var created = await UsersApiTests.CreateAsync(api, "dates", activate: false, password: null);

        Assert.True(IsNull(created, "activated"));
        Assert.True(IsNull(created, "statusChanged"));
        Assert.True(IsNull(created, "passwordChanged"));
    }

    [Fact]
    public async Task Dates_TransitionsUpdateStatusChangedAndActivation()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await UsersApiTests.CreateAsync(api, "dates", activate: false))["id"]!;

        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.PostAsync($"/api/v1/users/{id}/lifecycle/activate", new { });
        var activated = await api.GetAsync("/api/v1/users/" + id);
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.PostAsync($"/api/v1/users/{id}/lifecycle/suspend", new { });
        var suspended = await api.GetAsync("/api/v1/users/" + id);

        Assert.Equal(activated["statusChanged"], activated["activated"]);
        Assert.NotEqual(activated["created"], activated["activated"]);
        Assert.Equal(activated["activated"], suspended["activated"]);
        Assert.Equal(Okta(Server.Clock.GetUtcNow()), suspended["statusChanged"]);
        Assert.Equal(suspended["statusChanged"], suspended["lastUpdated"]);
    }

    [Fact]
    public async Task Dates_SignInSetsLastLogin()
    {
        using var api = new ManagementApiClient(Server);
        var created = await UsersApiTests.CreateAsync(api, "dates");
        using var browser = new Browser(Server);

        var result = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, UsersApiTests.Profile(created, "login"), UsersApiTests.Password);

        Assert.NotNull(result.Code);
        Assert.Equal(Okta(Server.Clock.GetUtcNow()), (await api.GetAsync("/api/v1/users/" + created["id"]))["lastLogin"]);
    }

    [Theory]
    [InlineData("lastUpdated")]
    [InlineData("created")]
    [InlineData("statusChanged")]
    [InlineData("activated")]
    public async Task Search_DateOperatorsCompareInstants(string attribute)
    {
        using var api = new ManagementApiClient(Server);
        Server.Clock.Advance(TimeSpan.FromHours(1));
        var before = Server.Clock.GetUtcNow();
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var id = (await UsersApiTests.CreateAsync(api, "search-dates"))["id"]!;
        // Okta's dates have milliseconds; the stored instant may have more: it lies in [at, at + 1 ms).
        var at = Okta(Server.Clock.GetUtcNow());
        var justAfter = Okta(Server.Clock.GetUtcNow().AddMilliseconds(1));

        Assert.Contains(id, await SearchIdsAsync(api, $"{attribute} gt \"{Okta(before)}\""));
        Assert.Contains(id, await SearchIdsAsync(api, $"{attribute} ge \"{at}\""));
        Assert.Contains(id, await SearchIdsAsync(api, $"{attribute} le \"{justAfter}\" and id eq \"{id}\""));
        Assert.DoesNotContain(id, await SearchIdsAsync(api, $"{attribute} lt \"{at}\" and id eq \"{id}\""));
        Assert.DoesNotContain(id, await SearchIdsAsync(api, $"{attribute} le \"{Okta(before)}\" and id eq \"{id}\""));
        Assert.Contains(id, await SearchIdsAsync(api, $"{attribute} gt \"{Okta(before)}\" and status eq \"ACTIVE\""));
    }

    [Fact]
    public async Task Search_OrderingOperatorsOnStringsAreCaseInsensitive()
    {
        using var api = new ManagementApiClient(Server);
        var created = await UsersApiTests.CreateAsync(api, "zzzz-order", firstName: "Zzyzx");

        Assert.Contains(created["id"]!, await SearchIdsAsync(api, "profile.firstName gt \"zzy\""));
        Assert.DoesNotContain(created["id"]!, await SearchIdsAsync(api, "profile.firstName lt \"ZZY\""));
    }

    [Theory]
    [InlineData("lastUpdated gt \"not a date\"")]
    [InlineData("lastUpdated co \"2026\"")]
    [InlineData("lastUpdated gt")]
    public async Task Search_InvalidDateComparisonIs400E0000031(string search)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/users?search=" + Uri.EscapeDataString(search));

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000031");
    }

    [Fact]
    public async Task Create_GroupIdsAddsTheUserToThoseGroups()
    {
        using var api = new ManagementApiClient(Server);
        var group = await api.PostAsync("/api/v1/groups", new { profile = new { name = "pw-group-" + Guid.NewGuid().ToString("N") } });
        var groupId = group["id"]!;
        var login = $"grouped-{Guid.NewGuid():N}@example.com";

        var created = await api.PostAsync("/api/v1/users", new
        {
            profile = new { login, email = login, firstName = "Gro", lastName = "Uped" },
            credentials = new { password = new { value = UsersApiTests.Password } },
            groupIds = new[] { groupId },
        });

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var members = await api.GetAsync($"/api/v1/groups/{groupId}/users");
        Assert.Contains(created["id"], members.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Create_UnknownOrBuiltInGroupIdIs400AndCreatesNoUser()
    {
        using var api = new ManagementApiClient(Server);
        var everyone = await GroupsApiTests.EveryoneIdAsync(api);
        var login = $"ungrouped-{Guid.NewGuid():N}@example.com";

        foreach (var groupId in new[] { "00gnotthere000000000", everyone })
        {
            var response = await api.PostAsync("/api/v1/users", new
            {
                profile = new { login, email = login, firstName = "Un", lastName = "Grouped" },
                groupIds = new[] { groupId },
            });
            Assert.Contains(response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.StartsWith("groupIds:", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(login))).Status);
    }
}
