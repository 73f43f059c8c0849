using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// Group and user assignments (<c>/apps/{id}/groups</c>, <c>/apps/{id}/users</c>): only assigned users sign in,
/// others get access_denied "User is not assigned to the client application.".
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsApiAssignmentTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task DirectAssignment_LetsTheUserSignInUntilRemoved()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Direct")));
        var id = app["id"]!;
        var bobId = await AppsApi.UserIdAsync(api, TestSeed.Bob);
        var request = Request(app);

        Assert.Equal("access_denied", (await SignInBobAsync(request)).Error);

        var assigned = await api.PostAsync($"/api/v1/apps/{id}/users", new { id = bobId });
        Assert.Equal(HttpStatusCode.OK, assigned.Status);
        Assert.Equal(bobId, assigned["id"]);
        Assert.Equal("USER", assigned["scope"]);
        Assert.Equal(TestSeed.Bob, assigned.Json.GetProperty("credentials").GetProperty("userName").GetString());
        Assert.NotNull((await SignInBobAsync(request)).Code);
        Assert.Equal("USER", (await api.GetAsync($"/api/v1/apps/{id}/users/{bobId}"))["scope"]);
        Assert.Equal(bobId, Assert.Single((await api.GetAsync($"/api/v1/apps/{id}/users")).Json.EnumerateArray()).GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/apps/{id}/users/{bobId}")).Status);
        var denied = await SignInBobAsync(request);
        Assert.Equal("access_denied", denied.Error);
        Assert.Equal("User is not assigned to the client application.", denied.Parameters["error_description"]);
        (await api.GetAsync($"/api/v1/apps/{id}/users/{bobId}")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.DeleteAsync($"/api/v1/apps/{id}/users/{bobId}")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task GroupAssignment_LetsMembersSignInUntilRemoved()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Group")));
        var id = app["id"]!;
        var groupId = (await api.PostAsync("/api/v1/groups", new { profile = new { name = AppsApi.UniqueLabel("Assigned") } }))["id"]!;
        var bobId = await AppsApi.UserIdAsync(api, TestSeed.Bob);
        await api.PutAsync($"/api/v1/groups/{groupId}/users/{bobId}");

        var assigned = await api.PutAsync($"/api/v1/apps/{id}/groups/{groupId}", new { priority = 3 });

        Assert.Equal(HttpStatusCode.OK, assigned.Status);
        Assert.Equal(groupId, assigned["id"]);
        Assert.Equal(3, assigned.Json.GetProperty("priority").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", assigned["lastUpdated"]);
        Assert.Equal(groupId, (await api.GetAsync($"/api/v1/apps/{id}/groups/{groupId}"))["id"]);
        Assert.Equal(groupId, Assert.Single((await api.GetAsync($"/api/v1/apps/{id}/groups")).Json.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("GROUP", (await api.GetAsync($"/api/v1/apps/{id}/users/{bobId}"))["scope"]);
        var request = Request(app);
        Assert.NotNull((await SignInBobAsync(request)).Code);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/apps/{id}/groups/{groupId}")).Status);

        Assert.Equal("access_denied", (await SignInBobAsync(request)).Error);
        Assert.Empty((await api.GetAsync($"/api/v1/apps/{id}/groups")).Json.EnumerateArray());
        (await api.GetAsync($"/api/v1/apps/{id}/groups/{groupId}")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.DeleteAsync($"/api/v1/apps/{id}/groups/{groupId}")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Assignments_ErrorsAreOktas()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Errors"))))["id"]!;
        const string NoApp = "0oanothere00000000000";

        (await api.PutAsync($"/api/v1/apps/{id}/groups/00gnothere00000000000")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.PutAsync($"/api/v1/apps/{NoApp}/groups/00gnothere00000000000")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.GetAsync($"/api/v1/apps/{NoApp}/groups")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.GetAsync($"/api/v1/apps/{NoApp}/users")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.PostAsync($"/api/v1/apps/{id}/users", new { id = "00unothere00000000000" })).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.PostAsync($"/api/v1/apps/{id}/users", new { scope = "USER" })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.SendAsync(HttpMethod.Post, $"/api/v1/apps/{id}/users", "[1,2]")).AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
        var everyone = await GroupsApiTests.EveryoneIdAsync(api);
        (await api.PutAsync($"/api/v1/apps/{id}/groups/{everyone}", new { priority = -1 })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.SendAsync(HttpMethod.Put, $"/api/v1/apps/{id}/groups/{everyone}", """{"priority":"high"}""")).AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Fact]
    public async Task Delete_RemovesTheAppsAssignments()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Gone")));
        var id = app["id"]!;
        var aliceId = await AppsApi.UserIdAsync(api, TestSeed.Alice);
        await api.PostAsync($"/api/v1/apps/{id}/users", new { id = aliceId });
        await api.PutAsync($"/api/v1/apps/{id}/groups/{await GroupsApiTests.EveryoneIdAsync(api)}");

        await api.PostAsync($"/api/v1/apps/{id}/lifecycle/deactivate", new { });
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/apps/" + id)).Status);

        using var browser = new Browser(Server);
        var result = await browser.AuthorizeAsync(Request(app));
        Assert.Null(result.Code);
        Assert.Equal(HttpStatusCode.BadRequest, result.PageStatus);
        Assert.Contains("invalid_request", result.PageBody, StringComparison.Ordinal);
    }

    private AuthorizeRequest Request(ApiResponse app) =>
        new() { Issuer = Server.DefaultIssuer, ClientId = AppsApi.ClientId(app), ClientSecret = AppsApi.ClientSecret(app)! };

    private async Task<AuthorizationResult> SignInBobAsync(AuthorizeRequest request)
    {
        using var browser = new Browser(Server);
        return await browser.AuthorizeAsync(request, TestSeed.Bob, TestSeed.BobPassword);
    }
}
