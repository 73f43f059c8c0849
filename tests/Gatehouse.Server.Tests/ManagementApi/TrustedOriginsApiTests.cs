using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary><c>/api/v1/trustedOrigins</c> (issue 5, item 7): Okta's trusted origin shape, CRUD, lifecycle and listing.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class TrustedOriginsApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task TrustedOrigins_CreateReturnsOktaShape()
    {
        using var api = new ManagementApiClient(Server);
        var origin = UniqueOrigin();

        var created = await api.PostAsync("/api/v1/trustedOrigins", Body("SPA", origin, "CORS", "REDIRECT"));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.StartsWith("tos", created["id"], StringComparison.Ordinal);
        Assert.Equal(20, created["id"]!.Length);
        Assert.Equal("SPA", created["name"]);
        Assert.Equal(origin, created["origin"]);
        Assert.Equal(["CORS", "REDIRECT"], Scopes(created));
        Assert.Equal("ACTIVE", created["status"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", created["created"]);
        Assert.Equal(created["created"], created["lastUpdated"]);
        Assert.StartsWith("00u", created["createdBy"], StringComparison.Ordinal);
        Assert.Equal(created["createdBy"], created["lastUpdatedBy"]);
        var links = created.Json.GetProperty("_links");
        Assert.Equal($"{Server.Origin}/api/v1/trustedOrigins/{created["id"]}", links.GetProperty("self").GetProperty("href").GetString());
        Assert.Equal($"{Server.Origin}/api/v1/trustedOrigins/{created["id"]}/lifecycle/deactivate", links.GetProperty("deactivate").GetProperty("href").GetString());

        var fetched = await api.GetAsync("/api/v1/trustedOrigins/" + created["id"]);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(created.Json.GetRawText(), fetched.Json.GetRawText());
    }

    [Theory]
    [InlineData("HTTPS://SPA.Example.COM:443", "https://spa.example.com")]
    [InlineData("http://localhost:8080", "http://localhost:8080")]
    [InlineData("http://127.0.0.1:80", "http://127.0.0.1")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    public async Task TrustedOrigins_OriginIsStoredAsBrowsersSerializeIt(string given, string expected)
    {
        using var api = new ManagementApiClient(Server);
        await DeleteExistingAsync(api, expected);

        var created = await api.PostAsync("/api/v1/trustedOrigins", Body("Normalized", given, "CORS"));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(expected, created["origin"]);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/trustedOrigins/" + created["id"])).Status);
    }

    [Theory]
    [InlineData("https://spa.example.com/app")]
    [InlineData("https://spa.example.com/")]
    [InlineData("https://spa.example.com?x=1")]
    [InlineData("https://spa.example.com#top")]
    [InlineData("https://user@spa.example.com")]
    [InlineData("https://*.example.com")]
    [InlineData("ftp://spa.example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("spa.example.com")]
    [InlineData("https://")]
    [InlineData("")]
    public async Task TrustedOrigins_InvalidOriginIs400E0000001(string origin)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/trustedOrigins", Body("Bad", origin, "CORS"));

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains(causes, cause => cause.StartsWith("origin: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustedOrigins_DuplicateOriginIs400E0000001WithCause()
    {
        using var api = new ManagementApiClient(Server);
        var origin = UniqueOrigin();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/trustedOrigins", Body("First", origin, "CORS"))).Status);

        // The same origin in another spelling (case, explicit default port) is the same origin.
        var response = await api.PostAsync("/api/v1/trustedOrigins", Body("Second", origin.ToUpperInvariant() + ":443", "REDIRECT"));

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Equal(["origin: An object with this field already exists in the current organization"], causes);
        Assert.Equal("Api validation failed: origin", response["errorSummary"]);
    }

    [Fact]
    public async Task TrustedOrigins_MissingFieldsAndUnknownScopesAreCauses()
    {
        using var api = new ManagementApiClient(Server);

        var empty = await api.PostAsync("/api/v1/trustedOrigins", new { });
        var unknown = await api.PostAsync("/api/v1/trustedOrigins", Body("Frames", UniqueOrigin(), "IFRAME_EMBED"));

        var causes = empty.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains(causes, cause => cause.StartsWith("name: ", StringComparison.Ordinal));
        Assert.Contains(causes, cause => cause.StartsWith("origin: ", StringComparison.Ordinal));
        Assert.Contains(causes, cause => cause.StartsWith("scopes: ", StringComparison.Ordinal));
        Assert.Contains(unknown.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.Contains("IFRAME_EMBED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"name\": 1}")]
    [InlineData("{\"scopes\": {\"type\": \"CORS\"}}")]
    public async Task TrustedOrigins_MalformedBodyIs400E0000003(string body)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/trustedOrigins", body);

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Fact]
    public async Task TrustedOrigins_PutReplacesNameOriginAndScopes()
    {
        using var api = new ManagementApiClient(Server);
        var created = await api.PostAsync("/api/v1/trustedOrigins", Body("Before", UniqueOrigin(), "CORS", "REDIRECT"));
        var id = created["id"]!;
        var origin = UniqueOrigin();
        Server.Clock.Advance(TimeSpan.FromSeconds(2));

        var replaced = await api.PutAsync("/api/v1/trustedOrigins/" + id, Body("After", origin, "REDIRECT"));

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("After", replaced["name"]);
        Assert.Equal(origin, replaced["origin"]);
        Assert.Equal(["REDIRECT"], Scopes(replaced));
        Assert.Equal(created["created"], replaced["created"]);
        Assert.NotEqual(created["lastUpdated"], replaced["lastUpdated"]);
        Assert.Equal(replaced.Json.GetRawText(), (await api.GetAsync("/api/v1/trustedOrigins/" + id)).Json.GetRawText());

        // Keeping its own origin is no duplicate; taking another's is.
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync("/api/v1/trustedOrigins/" + id, Body("Again", origin, "CORS"))).Status);
        var other = await api.PostAsync("/api/v1/trustedOrigins", Body("Other", UniqueOrigin(), "CORS"));
        (await api.PutAsync("/api/v1/trustedOrigins/" + other["id"], Body("Steal", origin, "CORS"))).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Fact]
    public async Task TrustedOrigins_LifecycleDeactivatesAndActivates()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await api.PostAsync("/api/v1/trustedOrigins", Body("Lifecycle", UniqueOrigin(), "CORS")))["id"]!;

        var deactivated = await api.PostAsync($"/api/v1/trustedOrigins/{id}/lifecycle/deactivate", new { });
        var again = await api.PostAsync($"/api/v1/trustedOrigins/{id}/lifecycle/deactivate", new { });
        var activated = await api.PostAsync($"/api/v1/trustedOrigins/{id}/lifecycle/activate", new { });

        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        Assert.Equal("INACTIVE", deactivated["status"]);
        Assert.True(deactivated.Json.GetProperty("_links").TryGetProperty("activate", out _));
        Assert.Equal("INACTIVE", again["status"]);
        Assert.Equal("ACTIVE", activated["status"]);
        Assert.Equal("ACTIVE", (await api.GetAsync("/api/v1/trustedOrigins/" + id))["status"]);
    }

    [Fact]
    public async Task TrustedOrigins_DeleteRemovesIt()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await api.PostAsync("/api/v1/trustedOrigins", Body("Doomed", UniqueOrigin(), "CORS")))["id"]!;

        var deleted = await api.DeleteAsync("/api/v1/trustedOrigins/" + id);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        (await api.GetAsync("/api/v1/trustedOrigins/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.DeleteAsync("/api/v1/trustedOrigins/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Theory]
    [InlineData("GET", "/api/v1/trustedOrigins/tosDoesNotExist000000")]
    [InlineData("PUT", "/api/v1/trustedOrigins/tosDoesNotExist000000")]
    [InlineData("DELETE", "/api/v1/trustedOrigins/tosDoesNotExist000000")]
    [InlineData("POST", "/api/v1/trustedOrigins/tosDoesNotExist000000/lifecycle/activate")]
    [InlineData("POST", "/api/v1/trustedOrigins/tosDoesNotExist000000/lifecycle/deactivate")]
    public async Task TrustedOrigins_UnknownIdIs404E0000007(string method, string path)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : JsonSerializer.Serialize(Body("X", UniqueOrigin(), "CORS")));

        var causes = response.AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        Assert.Empty(causes);
        Assert.Contains("(TrustedOrigin)", response["errorSummary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedOrigins_ListSearchesAndPages()
    {
        using var api = new ManagementApiClient(Server);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var created = new List<(string Id, string Origin)>();
        for (var index = 0; index < 3; index++)
        {
            var origin = $"https://list-{tag}-{index}.example";
            created.Add(((await api.PostAsync("/api/v1/trustedOrigins", Body($"List {tag} {index}", origin, "CORS")))["id"]!, origin));
        }

        // Pages are in id order.
        created.Sort((left, right) => string.CompareOrdinal(left.Id, right.Id));
        var ids = created.ConvertAll(item => item.Id);
        await api.PostAsync($"/api/v1/trustedOrigins/{ids[2]}/lifecycle/deactivate", new { });

        var byName = await api.GetAsync($"/api/v1/trustedOrigins?q=list%20{tag}");
        var byOrigin = await api.GetAsync($"/api/v1/trustedOrigins?q=https://LIST-{tag}");
        var active = await api.GetAsync($"/api/v1/trustedOrigins?filter=" + Uri.EscapeDataString($"name sw \"List {tag}\" and status eq \"ACTIVE\""));
        var byOriginFilter = await api.GetAsync($"/api/v1/trustedOrigins?filter=" + Uri.EscapeDataString($"origin eq \"{created[1].Origin}\""));

        Assert.Equal(ids, Ids(byName));
        Assert.Equal(ids, Ids(byOrigin));
        Assert.Equal(ids[..2], Ids(active));
        Assert.Equal([ids[1]], Ids(byOriginFilter));

        var first = await api.GetAsync($"/api/v1/trustedOrigins?q=list%20{tag}&limit=2");
        Assert.Equal(ids[..2], Ids(first));
        var next = ManagementApiClient.Link(first, "next");
        Assert.NotNull(next);
        var second = await api.GetAsync(next);
        Assert.Equal([ids[2]], Ids(second));
        Assert.Null(ManagementApiClient.Link(second, "next"));
    }

    [Theory]
    [InlineData("filter=name%20xx%20%22a%22")]
    [InlineData("filter=secret%20eq%20%22x%22")]
    [InlineData("limit=-1")]
    public async Task TrustedOrigins_BadListParametersAre400(string query)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/trustedOrigins?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("E00000", response["errorCode"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedOrigins_ReadOnlyAdminMayReadButNotChange()
    {
        using var admin = new ManagementApiClient(Server);
        using var readOnly = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);
        var id = (await admin.PostAsync("/api/v1/trustedOrigins", Body("Guarded", UniqueOrigin(), "CORS")))["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/v1/trustedOrigins")).Status);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/v1/trustedOrigins/" + id)).Status);
        (await readOnly.PostAsync("/api/v1/trustedOrigins", Body("Nope", UniqueOrigin(), "CORS"))).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await readOnly.PutAsync("/api/v1/trustedOrigins/" + id, Body("Nope", UniqueOrigin(), "CORS"))).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await readOnly.PostAsync($"/api/v1/trustedOrigins/{id}/lifecycle/deactivate", new { })).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await readOnly.DeleteAsync("/api/v1/trustedOrigins/" + id)).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        Assert.Equal("ACTIVE", (await admin.GetAsync("/api/v1/trustedOrigins/" + id))["status"]);
    }

    [Fact]
    public async Task TrustedOrigins_WithoutTokenIs401E0000011()
    {
        using var anonymous = new ManagementApiClient(Server, token: null);

        (await anonymous.GetAsync("/api/v1/trustedOrigins")).AssertOktaError(HttpStatusCode.Unauthorized, "E0000011");
    }

    internal static object Body(string name, string origin, params string[] scopes) =>
        new { name, origin, scopes = scopes.Select(type => new { type }) };

    internal static string UniqueOrigin() => $"https://spa-{Guid.NewGuid():N}.example.com";

    private static List<string> Scopes(ApiResponse response) =>
        [.. response.Json.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetProperty("type").GetString()!)];

    private static List<string> Ids(ApiResponse response) =>
        [.. response.Json.EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];

    /// <summary>Theories reuse fixed origins on the shared server: remove one left by an earlier case.</summary>
    private static async Task DeleteExistingAsync(ManagementApiClient api, string origin)
    {
        var existing = await api.GetAsync("/api/v1/trustedOrigins?filter=" + Uri.EscapeDataString($"origin eq \"{origin}\""));
        foreach (var id in Ids(existing))
        {
            await api.DeleteAsync("/api/v1/trustedOrigins/" + id);
        }
    }
}
