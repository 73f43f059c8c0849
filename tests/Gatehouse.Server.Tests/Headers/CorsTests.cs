using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.Headers;

/// <summary>
/// CORS for trusted origins (issue 5, item 7): browser apps on an ACTIVE trusted origin with the CORS scope may call
/// the token, userinfo, keys, revoke, introspect, logout and discovery endpoints of every authorization server
/// (Fetch standard §3.2, the CORS protocol); nobody else gets CORS headers, and the change is immediate.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class CorsTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    public static TheoryData<string> CorsEndpoints => new()
    {
        "/oauth2/default/v1/token",
        "/oauth2/default/v1/userinfo",
        "/oauth2/default/v1/keys",
        "/oauth2/default/v1/revoke",
        "/oauth2/default/v1/introspect",
        "/oauth2/default/v1/logout",
        "/oauth2/default/.well-known/openid-configuration",
        "/oauth2/default/.well-known/oauth-authorization-server",
        "/oauth2/v1/token",
        "/oauth2/v1/userinfo",
        "/oauth2/v1/keys",
        "/oauth2/v1/revoke",
        "/oauth2/v1/introspect",
        "/oauth2/v1/logout",
        "/.well-known/openid-configuration",
    };

    [Theory]
    [MemberData(nameof(CorsEndpoints))]
    public async Task Cors_PreflightFromTrustedOriginIsAnswered(string path)
    {
        var origin = await TrustAsync("CORS");
        using var http = Server.CreateClient();

        using var response = await http.SendAsync(Preflight(path, origin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal(["GET", "POST"], Header(response, "Access-Control-Allow-Methods")!.Split(',', StringSplitOptions.TrimEntries));
        var allowedHeaders = Header(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Authorization", allowedHeaders, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Content-Type", allowedHeaders, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("X-Okta-User-Agent-Extended", allowedHeaders, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Theory]
    [MemberData(nameof(CorsEndpoints))]
    public async Task Cors_PreflightFromUntrustedOriginGetsNoCorsHeaders(string path)
    {
        using var http = Server.CreateClient();

        using var response = await http.SendAsync(Preflight(path, "https://evil.example"));

        AssertNoCors(response);
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task Cors_TokenResponseEchoesTrustedOriginAndExposesNothingElse()
    {
        var origin = await TrustAsync("CORS");
        using var http = Server.CreateClient();
        using var request = ClientCredentials(origin);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.NotEqual("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal(["Origin"], response.Headers.Vary.Where(value => value == "Origin"));
    }

    [Fact]
    public async Task Cors_UserInfoErrorExposesWwwAuthenticate()
    {
        var origin = await TrustAsync("CORS");
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/default/v1/userinfo");
        request.Headers.Add("Origin", origin);
        request.Headers.Authorization = new("Bearer", "not-a-token");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("WWW-Authenticate", Header(response, "Access-Control-Expose-Headers")!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cors_KeysAndDiscoveryVaryOnOriginEvenWithoutOne()
    {
        using var http = Server.CreateClient();

        using var keys = await http.GetAsync("/oauth2/v1/keys");
        using var discovery = await http.GetAsync("/oauth2/default/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Contains("Origin", keys.Headers.Vary);
        Assert.Contains("Origin", discovery.Headers.Vary);
        AssertNoCors(keys);
    }

    [Fact]
    public async Task Cors_UntrustedOriginGetsTheAnswerButNoCorsHeaders()
    {
        using var http = Server.CreateClient();
        using var request = ClientCredentials("https://evil.example");

        using var response = await http.SendAsync(request);

        // CORS only decides whether the page may read the answer; the server still answers (Fetch §3.2).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNoCors(response);
    }

    [Fact]
    public async Task Cors_RedirectOnlyOriginIsNotACorsOrigin()
    {
        var origin = await TrustAsync("REDIRECT");
        using var http = Server.CreateClient();

        using var response = await http.SendAsync(Preflight("/oauth2/default/v1/token", origin));

        AssertNoCors(response);
    }

    [Fact]
    public async Task Cors_ChangesTakeEffectImmediately()
    {
        using var api = new ManagementApiClient(Server);
        var origin = TrustedOriginsApiTests.UniqueOrigin();
        using var http = Server.CreateClient();
        // Before the origin exists: the (empty) answer is cached by the node.
        using (var before = await http.SendAsync(Preflight("/oauth2/v1/token", origin)))
        {
            AssertNoCors(before);
        }

        var id = (await api.PostAsync("/api/v1/trustedOrigins", TrustedOriginsApiTests.Body("Live", origin, "CORS")))["id"]!;
        using (var created = await http.SendAsync(Preflight("/oauth2/v1/token", origin)))
        {
            Assert.Equal(origin, Header(created, "Access-Control-Allow-Origin"));
        }

        await api.PostAsync($"/api/v1/trustedOrigins/{id}/lifecycle/deactivate", new { });
        using (var deactivated = await http.SendAsync(Preflight("/oauth2/v1/token", origin)))
        {
            AssertNoCors(deactivated);
        }

        await api.PostAsync($"/api/v1/trustedOrigins/{id}/lifecycle/activate", new { });
        using (var activated = await http.SendAsync(Preflight("/oauth2/v1/token", origin)))
        {
            Assert.Equal(origin, Header(activated, "Access-Control-Allow-Origin"));
        }

        await api.PutAsync("/api/v1/trustedOrigins/" + id, TrustedOriginsApiTests.Body("Live", origin, "REDIRECT"));
        using (var redirectOnly = await http.SendAsync(Preflight("/oauth2/v1/token", origin)))
        {
            AssertNoCors(redirectOnly);
        }

        await api.PutAsync("/api/v1/trustedOrigins/" + id, TrustedOriginsApiTests.Body("Live", origin, "CORS"));
        await api.DeleteAsync("/api/v1/trustedOrigins/" + id);
        using var deleted = await http.SendAsync(Preflight("/oauth2/v1/token", origin));
        AssertNoCors(deleted);
    }

    [Theory]
    [InlineData("/oauth2/default/v1/authorize?client_id=x")]
    [InlineData("/signin?returnUrl=%2F")]
    [InlineData("/healthz")]
    public async Task Cors_NavigationsAndOtherPathsGetNoCorsHeaders(string path)
    {
        var origin = await TrustAsync("CORS");
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);

        using var response = await http.SendAsync(request);
        using var preflight = await http.SendAsync(Preflight(path, origin));

        AssertNoCors(response);
        AssertNoCors(preflight);
    }

    [Fact]
    public async Task Cors_OriginIsComparedExactly()
    {
        var origin = await TrustAsync("CORS");
        using var http = Server.CreateClient();

        // Another scheme, port or a suffix is another origin (RFC 6454 §5).
        foreach (var other in new[] { origin.Replace("https:", "http:", StringComparison.Ordinal), origin + ":8443", origin + ".evil.example", "null" })
        {
            using var response = await http.SendAsync(Preflight("/oauth2/default/v1/token", other));
            AssertNoCors(response);
        }
    }

    private async Task<string> TrustAsync(params string[] scopes)
    {
        using var api = new ManagementApiClient(Server);
        var origin = TrustedOriginsApiTests.UniqueOrigin();
        var created = await api.PostAsync("/api/v1/trustedOrigins", TrustedOriginsApiTests.Body("CORS test", origin, scopes));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return origin;
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-okta-user-agent-extended");
        return request;
    }

    private static HttpRequestMessage ClientCredentials(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/default/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = TestSeed.CustomScope,
                ["client_id"] = TestSeed.ServiceClientId,
                ["client_secret"] = TestSeed.ServiceClientSecret,
            }),
        };
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static void AssertNoCors(HttpResponseMessage response)
    {
        foreach (var name in new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers" })
        {
            Assert.False(response.Headers.Contains(name), $"{response.RequestMessage?.RequestUri}: unexpected {name}");
        }
    }
}
