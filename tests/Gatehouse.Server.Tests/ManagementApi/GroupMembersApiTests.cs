using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary><c>/api/v1/groups/{id}/users</c> (okta-reference.md §3): membership, and Everyone holding every user.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class GroupMembersApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Members_AddListRemove()
    {
        using var api = new ManagementApiClient(Server);
        var groupId = (await api.PostAsync("/api/v1/groups", new { profile = new { name = GroupsApiTests.UniqueName("Members") } }))["id"]!;
        var bobId = await UserIdAsync(api, TestSeed.Bob);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{groupId}/users/{bobId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{groupId}/users/{bobId}")).Status);

        var members = await api.GetAsync($"/api/v1/groups/{groupId}/users");
        var bob = Assert.Single(members.Json.EnumerateArray());
        Assert.Equal(bobId, bob.GetProperty("id").GetString());
        Assert.Equal("ACTIVE", bob.GetProperty("status").GetString());
        Assert.Equal(TestSeed.Bob, bob.GetProperty("profile").GetProperty("login").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/groups/{groupId}/users/{bobId}")).Status);
        Assert.Empty((await api.GetAsync($"/api/v1/groups/{groupId}/users")).Json.EnumerateArray());
    }

    [Fact]
    public async Task Members_EveryoneListsEveryUser()
    {
        using var api = new ManagementApiClient(Server);
        var everyoneId = await GroupsApiTests.EveryoneIdAsync(api);

        var members = await api.GetAsync($"/api/v1/groups/{everyoneId}/users");

        var logins = members.Json.EnumerateArray().Select(user => user.GetProperty("profile").GetProperty("login").GetString()).ToList();
        Assert.Contains(TestSeed.Alice, logins);
        Assert.Contains(TestSeed.Bob, logins);
    }

    [Fact]
    public async Task Members_EveryoneMembershipCannotBeRemoved()
    {
        using var api = new ManagementApiClient(Server);
        var everyoneId = await GroupsApiTests.EveryoneIdAsync(api);
        var bobId = await UserIdAsync(api, TestSeed.Bob);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{everyoneId}/users/{bobId}")).Status);
        (await api.DeleteAsync($"/api/v1/groups/{everyoneId}/users/{bobId}")).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }

    [Fact]
    public async Task Members_UnknownUserIs404()
    {
        using var api = new ManagementApiClient(Server);
        var groupId = (await api.PostAsync("/api/v1/groups", new { profile = new { name = GroupsApiTests.UniqueName("NoUser") } }))["id"]!;

        (await api.PutAsync($"/api/v1/groups/{groupId}/users/00unobody000000000000")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.DeleteAsync($"/api/v1/groups/{groupId}/users/00unobody000000000000")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Members_ListIsPaged()
    {
        using var api = new ManagementApiClient(Server);
        var everyoneId = await GroupsApiTests.EveryoneIdAsync(api);

        var first = await api.GetAsync($"/api/v1/groups/{everyoneId}/users?limit=1");

        Assert.Single(first.Json.EnumerateArray());
        var next = ManagementApiClient.Link(first, "next");
        Assert.NotNull(next);
        var second = await api.GetAsync(next);
        Assert.NotEqual(first.Json[0].GetProperty("id").GetString(), second.Json[0].GetProperty("id").GetString());
    }

    /// <summary>The users API is not there yet: finds the user in Everyone's member list.</summary>
    private static async Task<string> UserIdAsync(ManagementApiClient api, string login)
    {
        var everyoneId = await GroupsApiTests.EveryoneIdAsync(api);
        var members = await api.GetAsync($"/api/v1/groups/{everyoneId}/users");
        return members.Json.EnumerateArray().Single(user => user.GetProperty("profile").GetProperty("login").GetString() == login).GetProperty("id").GetString()!;
    }
}
