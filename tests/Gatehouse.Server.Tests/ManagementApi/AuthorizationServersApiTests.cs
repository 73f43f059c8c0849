using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary><c>/api/v1/authorizationServers</c>, read-only (okta-reference.md §3): the Okta CLI lists them before it creates an app.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AuthorizationServersApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task AuthorizationServers_ListHasDefaultWithOktaShape()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/authorizationServers");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(ManagementApiClient.Link(response, "self"));
        var server = response.Json.EnumerateArray().Single(candidate => candidate.GetProperty("id").GetString() == "default");
        Assert.Equal(Server.DefaultIssuer, server.GetProperty("issuer").GetString());
        Assert.Equal(["api://default"], server.GetProperty("audiences").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("ORG_URL", server.GetProperty("issuerMode").GetString());
        Assert.Equal("ACTIVE", server.GetProperty("status").GetString());
        Assert.Equal("AUTO", server.GetProperty("credentials").GetProperty("signing").GetProperty("rotationMode").GetString());
    }

    [Fact]
    public async Task AuthorizationServers_SigningKidIsTheOnePublishedInJwks()
    {
        using var api = new ManagementApiClient(Server);
        using var http = Server.CreateClient();

        var server = await api.GetAsync("/api/v1/authorizationServers/default");
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(Server.DefaultIssuer + "/v1/keys")));

        Assert.Equal(HttpStatusCode.OK, server.Status);
        var kid = server.Json.GetProperty("credentials").GetProperty("signing").GetProperty("kid").GetString();
        Assert.Contains(kid, jwks.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()));
        Assert.Equal(Server.DefaultIssuer + "/.well-known/openid-configuration",
            server.Json.GetProperty("_links").GetProperty("metadata").EnumerateArray().Single(link => link.GetProperty("name").GetString() == "openid-configuration").GetProperty("href").GetString());
    }

    [Theory]
    [InlineData("/api/v1/authorizationServers/aus-no-such-server")]
    [InlineData("/api/v1/authorizationServers/aus-no-such-server/scopes")]
    [InlineData("/api/v1/authorizationServers/aus-no-such-server/claims")]
    public async Task AuthorizationServers_UnknownIdIs404(string path)
    {
        using var api = new ManagementApiClient(Server);

        (await api.GetAsync(path)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task AuthorizationServers_ScopesListSystemAndCustomScopes()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/authorizationServers/default/scopes");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var scopes = response.Json.EnumerateArray().ToDictionary(scope => scope.GetProperty("name").GetString()!);
        foreach (var system in new[] { "openid", "profile", "email", "offline_access" })
        {
            Assert.True(scopes[system].GetProperty("system").GetBoolean());
        }

        Assert.False(scopes[TestSeed.CustomScope].GetProperty("system").GetBoolean());
        Assert.Equal("Read orders", scopes[TestSeed.CustomScope].GetProperty("description").GetString());
        Assert.StartsWith("scp", scopes[TestSeed.CustomScope].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizationServers_ClaimsListWhatTokensCarryWithTheirScopes()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/authorizationServers/default/claims");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var claims = response.Json.EnumerateArray().ToDictionary(claim => claim.GetProperty("name").GetString()!);
        Assert.Equal("RESOURCE", claims["sub"].GetProperty("claimType").GetString());
        Assert.Equal("IDENTITY", claims["email"].GetProperty("claimType").GetString());
        Assert.Equal(["email"], claims["email"].GetProperty("conditions").GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal(["profile"], claims["preferred_username"].GetProperty("conditions").GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal("GROUPS", claims["groups"].GetProperty("valueType").GetString());
        Assert.Equal(".*", claims["groups"].GetProperty("value").GetString());
        Assert.All(claims.Values, claim => Assert.StartsWith("ocl", claim.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.Equal(claims.Count, claims.Values.Select(claim => claim.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task AuthorizationServers_AreReadOnly()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/authorizationServers", new { name = "new" });

        response.AssertOktaError(HttpStatusCode.MethodNotAllowed, "E0000022");
    }
}
