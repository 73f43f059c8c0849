using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary><c>/api/v1/groups</c> (okta-reference.md §3): Okta's group shape, CRUD, search, pagination and errors.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class GroupsApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Groups_CreateReturnsOktaGroupShape()
    {
        using var api = new ManagementApiClient(Server);
        var name = UniqueName("Create");

        var created = await api.PostAsync("/api/v1/groups", new { profile = new { name, description = "Made by a test" } });

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.StartsWith("00g", created["id"], StringComparison.Ordinal);
        Assert.Equal(20, created["id"]!.Length);
        Assert.Equal("OKTA_GROUP", created["type"]);
        Assert.Equal(["okta:user_group"], created.Json.GetProperty("objectClass").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal(name, created.Json.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("Made by a test", created.Json.GetProperty("profile").GetProperty("description").GetString());
        Assert.NotNull(created["lastMembershipUpdated"]);
        Assert.Equal($"{Server.Origin}/api/v1/groups/{created["id"]}/users", created.Json.GetProperty("_links").GetProperty("users").GetProperty("href").GetString());

        var fetched = await api.GetAsync("/api/v1/groups/" + created["id"]);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(created.Json.GetRawText(), fetched.Json.GetRawText());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"profile\": {\"name\": 42}}")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public async Task Groups_CreateWithMalformedBodyIs400E0000003(string body)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/groups", body);

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Fact]
    public async Task Groups_CreateWithoutNameIs400E0000001WithCause()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/groups", new { profile = new { description = "No name" } });

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains(causes, cause => cause.StartsWith("name:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Groups_DuplicateNameInAnyCaseIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);
        var name = UniqueName("Dup");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/groups", new { profile = new { name } })).Status);

        var response = await api.PostAsync("/api/v1/groups", new { profile = new { name = name.ToUpperInvariant() } });

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains("name: An object with this field already exists in the current organization", causes);
    }

    [Fact]
    public async Task Groups_PutReplacesTheProfile()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await api.PostAsync("/api/v1/groups", new { profile = new { name = UniqueName("Put"), description = "old" } }))["id"]!;
        var renamed = UniqueName("Renamed");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));

        var updated = await api.PutAsync("/api/v1/groups/" + id, new { profile = new { name = renamed } });

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var fetched = await api.GetAsync("/api/v1/groups/" + id);
        Assert.Equal(renamed, fetched.Json.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, fetched.Json.GetProperty("profile").GetProperty("description").ValueKind);
        Assert.NotEqual(fetched["created"], fetched["lastUpdated"]);
    }

    [Fact]
    public async Task Groups_DeleteRemovesTheGroup()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await api.PostAsync("/api/v1/groups", new { profile = new { name = UniqueName("Delete") } }))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/groups/" + id)).Status);

        (await api.GetAsync("/api/v1/groups/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Theory]
    [InlineData("GET", "/api/v1/groups/00gunknown00000000000")]
    [InlineData("PUT", "/api/v1/groups/00gunknown00000000000")]
    [InlineData("DELETE", "/api/v1/groups/00gunknown00000000000")]
    [InlineData("GET", "/api/v1/groups/00gunknown00000000000/users")]
    [InlineData("PUT", "/api/v1/groups/00gunknown00000000000/users/00uunknown00000000000")]
    public async Task Groups_UnknownIdIs404E0000007(string method, string path)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(new HttpMethod(method), path, method == "GET" ? null : "{\"profile\":{\"name\":\"x\"}}");

        response.AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Theory]
    [InlineData("profile.name eq \"everyone\"")]
    [InlineData("profile.name eq \"EVERYONE\"")]
    [InlineData("type eq \"built_in\"")]
    [InlineData("type eq \"BUILT_IN\" and profile.name sw \"Every\"")]
    [InlineData("(profile.name eq \"nobody-at-all\" or profile.name eq \"Everyone\")")]
    public async Task Groups_SearchIsCaseInsensitive(string search)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/groups?search=" + Uri.EscapeDataString(search));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var everyone = Assert.Single(response.Json.EnumerateArray());
        Assert.Equal("Everyone", everyone.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("BUILT_IN", everyone.GetProperty("type").GetString());
        Assert.Equal("All users in your organization", everyone.GetProperty("profile").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("profile.name eq")]
    [InlineData("profile.name eq \"unterminated")]
    [InlineData("password eq \"x\"")]
    [InlineData("profile.name zz \"x\"")]
    [InlineData("(profile.name eq \"x\"")]
    public async Task Groups_InvalidSearchIs400(string search)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/groups?search=" + Uri.EscapeDataString(search));

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000031");
    }

    [Fact]
    public async Task Groups_QIsACaseInsensitiveNamePrefix()
    {
        using var api = new ManagementApiClient(Server);
        var prefix = UniqueName("Q");
        await api.PostAsync("/api/v1/groups", new { profile = new { name = prefix + "-one" } });
        await api.PostAsync("/api/v1/groups", new { profile = new { name = "x" + prefix } });

        var response = await api.GetAsync("/api/v1/groups?q=" + Uri.EscapeDataString(prefix.ToLowerInvariant()));

        var group = Assert.Single(response.Json.EnumerateArray());
        Assert.Equal(prefix + "-one", group.GetProperty("profile").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Groups_ListIsPagedWithLinkHeaders()
    {
        using var api = new ManagementApiClient(Server);
        var prefix = UniqueName("Page");
        var ids = new List<string>();
        for (var index = 0; index < 3; index++)
        {
            ids.Add((await api.PostAsync("/api/v1/groups", new { profile = new { name = $"{prefix}-{index}" } }))["id"]!);
        }

        var first = await api.GetAsync($"/api/v1/groups?q={prefix}&limit=2");

        Assert.Equal(2, first.Json.GetArrayLength());
        Assert.Equal($"{Server.Origin}/api/v1/groups?q={prefix}&limit=2", ManagementApiClient.Link(first, "self"));
        var next = ManagementApiClient.Link(first, "next");
        Assert.NotNull(next);
        Assert.StartsWith(Server.Origin + "/api/v1/groups?", next, StringComparison.Ordinal);

        var second = await api.GetAsync(next);

        Assert.Single(second.Json.EnumerateArray());
        Assert.Null(ManagementApiClient.Link(second, "next"));
        var seen = first.Json.EnumerateArray().Concat(second.Json.EnumerateArray()).Select(group => group.GetProperty("id").GetString()!);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task Groups_InvalidLimitIs400E0000001(string limit)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/groups?limit=" + limit);

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Fact]
    public async Task Groups_LimitAbove200IsCapped()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/groups?limit=100000000000000");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Groups_EveryoneCannotBeChangedOrDeleted()
    {
        using var api = new ManagementApiClient(Server);
        var everyoneId = await EveryoneIdAsync(api);

        (await api.PutAsync("/api/v1/groups/" + everyoneId, new { profile = new { name = "Renamed Everyone" } })).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await api.DeleteAsync("/api/v1/groups/" + everyoneId)).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/groups/" + everyoneId)).Status);
    }

    internal static async Task<string> EveryoneIdAsync(ManagementApiClient api)
    {
        var response = await api.GetAsync("/api/v1/groups?search=" + Uri.EscapeDataString("profile.name eq \"everyone\""));
        return Assert.Single(response.Json.EnumerateArray()).GetProperty("id").GetString()!;
    }

    internal static string UniqueName(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..20];
}
