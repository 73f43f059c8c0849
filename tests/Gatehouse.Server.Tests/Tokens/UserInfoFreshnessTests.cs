using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Userinfo answers from the directory at each request (OIDC Core §5.3.2), never from a cache: a profile change, a
/// new group membership and a deactivation show at the very next request, with the same access token.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UserInfoFreshnessTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task UserInfo_ShowsDirectoryChangesAtOnce()
    {
        using var api = new ManagementApiClient(Server);
        var (userId, login) = await UsersPasswordApiTests.NewUserAsync(api);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, Scope = "openid profile email groups" };
        var client = new TokenClient(browser.Http);
        var tokens = await client.ExchangeCodeAsync(request, (await browser.AuthorizeAsync(request, login, UsersApiTests.Password)).Code!);
        var accessToken = tokens["access_token"]!;

        var before = await client.UserInfoAsync(request.EndpointBase, accessToken);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("Petra", before["given_name"]);
        Assert.Equal(["Everyone"], before.Json.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{userId}", new { profile = new { firstName = "Paula" } })).Status);
        var engineering = (await api.GetAsync("/api/v1/groups?q=Engineering")).Json.EnumerateArray().Single().GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{engineering}/users/{userId}")).Status);
        var changed = await client.UserInfoAsync(request.EndpointBase, accessToken);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("Paula", changed["given_name"]);
        Assert.Equal("Paula Wordsworth", changed["name"]);
        Assert.Equal(["Engineering", "Everyone"], changed.Json.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{userId}/lifecycle/deactivate", new { })).Status);
        var refused = await client.UserInfoAsync(request.EndpointBase, accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }
}
