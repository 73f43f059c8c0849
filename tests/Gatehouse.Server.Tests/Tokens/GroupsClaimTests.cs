using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// The <c>groups</c> scope (okta-reference.md §2): the names of the user's groups, Everyone included, in the ID
/// token and userinfo of both servers when asked for, never otherwise, and at most 100.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class GroupsClaimTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GroupsScope_PutsGroupNamesInIdTokenAndUserInfo(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        var (request, tokens) = await Issued.TokensAsync(Server, issuer, "openid groups");
        using var http = Server.CreateClient();

        var userInfo = await new TokenClient(http).UserInfoAsync(request.EndpointBase, tokens["access_token"]!);

        Assert.Equal(["Engineering", "Everyone"], Groups(Jwt.Payload(tokens["id_token"]!)));
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.Equal(["Engineering", "Everyone"], Groups(userInfo.Json));
        Assert.False(Jwt.Payload(tokens["access_token"]!).TryGetProperty("groups", out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WithoutGroupsScope_NoGroupsClaim(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        var (request, tokens) = await Issued.TokensAsync(Server, issuer, "openid profile");
        using var http = Server.CreateClient();

        var userInfo = await new TokenClient(http).UserInfoAsync(request.EndpointBase, tokens["access_token"]!);

        Assert.False(Jwt.Payload(tokens["id_token"]!).TryGetProperty("groups", out _));
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.False(userInfo.Json.TryGetProperty("groups", out _));
    }

    [Fact]
    public async Task GroupsClaim_IsAnArrayEvenWithOneGroup()
    {
        // A user of its own: seeded users join groups in other tests that share this server.
        using var api = new ManagementApiClient(Server);
        var login = $"solo-{Guid.NewGuid():N}@example.com";
        const string password = "Orbit-Solo-2026";
        var created = await api.PostAsync("/api/v1/users?activate=true", new
        {
            profile = new { firstName = "Lone", lastName = "Member", email = login, login },
            credentials = new { password = new { value = password } },
        });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.Origin, Scope = "openid groups" };
        var result = await browser.AuthorizeAsync(request, login, password);
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, result.Code!);

        Assert.Equal(["Everyone"], Groups(Jwt.Payload(tokens["id_token"]!)));
    }

    [Fact]
    public async Task GroupsClaim_IsCappedAt100()
    {
        var seed = JsonNode.Parse(TestSeed.Json())!;
        var groups = seed["groups"]!.AsArray();
        var alice = seed["users"]!.AsArray()[0]!["groups"]!.AsArray();
        for (var index = 0; index < 101; index++)
        {
            groups.Add(new JsonObject { ["name"] = $"Team {index:D3}" });
            alice.Add($"Team {index:D3}");
        }

        await using var server = await GatehouseServer.StartAsync(seed.ToJsonString());
        var (request, tokens) = await Issued.TokensAsync(server, server.Origin, "openid groups");
        using var http = server.CreateClient();
        var userInfo = await new TokenClient(http).UserInfoAsync(request.EndpointBase, tokens["access_token"]!);

        var inToken = Groups(Jwt.Payload(tokens["id_token"]!));
        Assert.Equal(100, inToken.Count);
        Assert.Equal(inToken, Groups(userInfo.Json));
        Assert.Equal(inToken.Distinct().Count(), inToken.Count);
    }

    private static List<string> Groups(JsonElement json)
    {
        var groups = json.GetProperty("groups");
        Assert.Equal(JsonValueKind.Array, groups.ValueKind);
        return [.. groups.EnumerateArray().Select(group => group.GetString()!)];
    }
}
