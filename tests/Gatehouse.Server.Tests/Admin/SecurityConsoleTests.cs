using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>
/// Security in the admin console: the rules of /api/v1 (policy rules, trusted origins, API tokens) apply to its forms,
/// only super admins change anything, every form needs the CSRF token, and changes are in the System Log with the API's
/// event types.
/// </summary>
public sealed partial class SecurityConsoleTests(AdminConsoleServer fixture) : IClassFixture<AdminConsoleServer>
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task AuthorizationServerPage_ShowsIssuerAudienceScopesClaimsAndRuleLifetimes()
    {
        using var browser = await SignInAsync(TestSeed.Bob, TestSeed.BobPassword);

        var page = await browser.Http.GetStringAsync("/admin/security/authorization-server");

        Assert.Contains($"<code id=\"issuer\">{Server.Origin}/oauth2/default</code>", page, StringComparison.Ordinal);
        Assert.Contains("<code id=\"audience\">api://default</code>", page, StringComparison.Ordinal);
        Assert.Contains("<code>offline_access</code>", page, StringComparison.Ordinal);
        Assert.Contains("<code>preferred_username</code>", page, StringComparison.Ordinal);
        Assert.Contains("Default Policy Rule", page, StringComparison.Ordinal);
        Assert.Contains("<td>1 hour</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleLifetimes_AreValidatedAsTheApiDoesThenSavedAndLogged()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var (policyId, ruleId) = await DefaultRuleAsync(api);
        var path = $"/admin/security/authorization-server/policies/{policyId}/rules/{ruleId}";

        var refused = await PostFormAsync(browser, path, new()
        {
            ["Input.AccessTokenLifetimeMinutes"] = "2",
            ["Input.RefreshTokenLifetimeMinutes"] = "0",
            ["Input.RefreshTokenWindowMinutes"] = "",
        });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("refreshTokenWindowMinutes: The field cannot be left blank", refusedPage, StringComparison.Ordinal);

        var tooShort = await PostFormAsync(browser, path, new()
        {
            ["Input.AccessTokenLifetimeMinutes"] = "2",
            ["Input.RefreshTokenLifetimeMinutes"] = "0",
            ["Input.RefreshTokenWindowMinutes"] = "10080",
        });
        Assert.Contains("accessTokenLifetimeMinutes: Access token lifetime must be between 5 minutes and 1 day.", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(60, await AccessLifetimeAsync(api, policyId, ruleId));

        var saved = await PostFormAsync(browser, path, new()
        {
            ["Input.AccessTokenLifetimeMinutes"] = "30",
            ["Input.RefreshTokenLifetimeMinutes"] = "0",
            ["Input.RefreshTokenWindowMinutes"] = "10080",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(30, await AccessLifetimeAsync(api, policyId, ruleId));
        var logged = await api.GetAsync($"/api/v1/logs?filter=eventType eq \"policy.rule.update\" and target.id eq \"{ruleId}\"");
        var entry = Assert.Single(logged.Json.EnumerateArray());
        Assert.Equal(TestSeed.Alice, entry.GetProperty("actor").GetProperty("alternateId").GetString());

        // Back to Okta's default for the other tests of the class.
        await PostFormAsync(browser, path, new()
        {
            ["Input.AccessTokenLifetimeMinutes"] = "60",
            ["Input.RefreshTokenLifetimeMinutes"] = "0",
            ["Input.RefreshTokenWindowMinutes"] = "10080",
        });
    }

    [Fact]
    public async Task ReadOnlyAdmin_CanLookButNotChangeLifetimesOriginsOrTokens()
    {
        using var browser = await SignInAsync(TestSeed.Bob, TestSeed.BobPassword);
        using var api = new ManagementApiClient(Server);
        var (policyId, ruleId) = await DefaultRuleAsync(api);

        var rule = await PostFormAsync(browser, $"/admin/security/authorization-server/policies/{policyId}/rules/{ruleId}", new()
        {
            ["Input.AccessTokenLifetimeMinutes"] = "15",
            ["Input.RefreshTokenLifetimeMinutes"] = "0",
            ["Input.RefreshTokenWindowMinutes"] = "10080",
        });
        var origin = await PostFormAsync(browser, "/admin/security/trusted-origins", new()
        {
            ["Input.Name"] = "Bob's",
            ["Input.Origin"] = "https://bob.example.test",
            ["Input.Cors"] = "true",
        });
        var token = await PostFormAsync(browser, "/admin/security/api-tokens", new() { ["Name"] = "bob's token" });

        foreach (var response in new[] { rule, origin, token })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/forbidden", response.Headers.Location!.AbsolutePath);
        }

        Assert.Equal(60, await AccessLifetimeAsync(api, policyId, ruleId));
        Assert.Empty((await api.GetAsync("/api/v1/trustedOrigins?q=Bob")).Json.EnumerateArray());
        Assert.DoesNotContain((await api.GetAsync("/api/v1/api-tokens")).Json.EnumerateArray(), item => item.GetProperty("name").GetString() == "bob's token");
    }

    [Fact]
    public async Task TrustedOrigin_IsAddedWithTheApisRulesAnsweredByCorsAndDeletedAfterConfirmation()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);

        var invalid = await PostFormAsync(browser, "/admin/security/trusted-origins", new()
        {
            ["Input.Name"] = "",
            ["Input.Origin"] = "https://spa.example.test/path",
        });
        var invalidPage = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("name: The field cannot be left blank", invalidPage, StringComparison.Ordinal);
        Assert.Contains("origin: The origin must be an http or https URL with a host and an optional port, and no path", invalidPage, StringComparison.Ordinal);
        Assert.Contains("Type: Choose CORS, Redirect or both", invalidPage, StringComparison.Ordinal);

        var added = await PostFormAsync(browser, "/admin/security/trusted-origins", new()
        {
            ["Input.Name"] = "SPA",
            ["Input.Origin"] = "HTTPS://SPA.example.test:443",
            ["Input.Cors"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var created = Assert.Single((await api.GetAsync("/api/v1/trustedOrigins?q=SPA")).Json.EnumerateArray());
        Assert.Equal("https://spa.example.test", created.GetProperty("origin").GetString());
        var id = created.GetProperty("id").GetString()!;
        Assert.True(await CorsAllowsAsync("https://spa.example.test"));

        var duplicate = await PostFormAsync(browser, "/admin/security/trusted-origins", new()
        {
            ["Input.Name"] = "SPA again",
            ["Input.Origin"] = "https://spa.example.test",
            ["Input.Redirect"] = "true",
        });
        Assert.Contains("origin: An object with this field already exists in the current organization", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var confirm = await browser.Http.GetStringAsync($"/admin/security/trusted-origins/{id}/delete");
        Assert.Contains("Delete SPA?", confirm, StringComparison.Ordinal);
        var deleted = await PostFormAsync(browser, $"/admin/security/trusted-origins/{id}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty((await api.GetAsync("/api/v1/trustedOrigins?q=SPA")).Json.EnumerateArray());
        Assert.False(await CorsAllowsAsync("https://spa.example.test"));

        var log = await api.GetAsync($"/api/v1/logs?filter=target.id eq \"{id}\"");
        Assert.Equal("security.trusted_origin.create security.trusted_origin.delete", string.Join(' ', log.Json.EnumerateArray().Select(item => item.GetProperty("eventType").GetString())));
    }

    [Fact]
    public async Task ApiToken_IsShownOnceWorksOnTheApiAndIsRevokedAfterConfirmation()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);

        var blank = await PostFormAsync(browser, "/admin/security/api-tokens", new() { ["Name"] = " " });
        Assert.Contains("name: The field cannot be left blank", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await PostFormAsync(browser, "/admin/security/api-tokens", new() { ["Name"] = "ci pipeline" });
        var createdPage = await created.Content.ReadAsStringAsync();
        var value = TokenValue().Match(createdPage).Groups[1].Value;
        Assert.StartsWith("00", value, StringComparison.Ordinal);
        Assert.Equal(42, value.Length);
        Assert.Contains("no-store", created.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        // Only the metadata afterwards.
        var list = await browser.Http.GetStringAsync("/admin/security/api-tokens");
        Assert.Contains("ci pipeline", list, StringComparison.Ordinal);
        Assert.DoesNotContain(value, list, StringComparison.Ordinal);

        using var withNewToken = Server.CreateClient();
        withNewToken.DefaultRequestHeaders.Authorization = new("SSWS", value);
        Assert.Equal(HttpStatusCode.OK, (await withNewToken.GetAsync("/api/v1/users?limit=1")).StatusCode);

        using var api = new ManagementApiClient(Server);
        var token = (await api.GetAsync("/api/v1/api-tokens")).Json.EnumerateArray().Single(item => item.GetProperty("name").GetString() == "ci pipeline");
        var id = token.GetProperty("id").GetString()!;
        Assert.Contains("Revoke ci pipeline?", await browser.Http.GetStringAsync($"/admin/security/api-tokens/{id}/revoke"), StringComparison.Ordinal);
        var revoked = await PostFormAsync(browser, $"/admin/security/api-tokens/{id}/revoke", []);

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withNewToken.GetAsync("/api/v1/users?limit=1")).StatusCode);
        var log = await api.GetAsync($"/api/v1/logs?filter=target.id eq \"{id}\"");
        Assert.Equal("system.api_token.create system.api_token.revoke", string.Join(' ', log.Json.EnumerateArray().Select(item => item.GetProperty("eventType").GetString())));
    }

    [Fact]
    public async Task SecurityForms_WithoutTheAntiforgeryToken_AreRejected()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var (policyId, ruleId) = await DefaultRuleAsync(api);

        var forged = new[]
        {
            await browser.Http.PostAsync("/admin/security/trusted-origins", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Name"] = "Forged", ["Input.Origin"] = "https://forged.example.test", ["Input.Cors"] = "true",
            })),
            await browser.Http.PostAsync("/admin/security/api-tokens", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "forged" })),
            await browser.Http.PostAsync($"/admin/security/authorization-server/policies/{policyId}/rules/{ruleId}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.AccessTokenLifetimeMinutes"] = "5", ["Input.RefreshTokenLifetimeMinutes"] = "0", ["Input.RefreshTokenWindowMinutes"] = "10080",
            })),
        };

        Assert.All(forged, response => Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode));
        Assert.Empty((await api.GetAsync("/api/v1/trustedOrigins?q=Forged")).Json.EnumerateArray());
        Assert.DoesNotContain((await api.GetAsync("/api/v1/api-tokens")).Json.EnumerateArray(), item => item.GetProperty("name").GetString() == "forged");
        Assert.Equal(60, await AccessLifetimeAsync(api, policyId, ruleId));
    }

    internal static async Task<Browser> SignInAsync(GatehouseServer server, string username, string password)
    {
        var browser = new Browser(server);
        var page = await browser.FollowAsync(await browser.Http.GetAsync("/admin"), username, password);
        Assert.Equal(HttpStatusCode.OK, page.PageStatus);
        return browser;
    }

    /// <summary>Posts a form with the CSRF token of the page at <paramref name="path"/>.</summary>
    internal static async Task<HttpResponseMessage> PostFormAsync(Browser browser, string path, Dictionary<string, string> form)
    {
        var page = await browser.Http.GetStringAsync(path);
        form["__csrf"] = Browser.HiddenInput(page, "__csrf");
        return await browser.Http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private Task<Browser> SignInAsync(string username, string password) => SignInAsync(Server, username, password);

    private static async Task<(string PolicyId, string RuleId)> DefaultRuleAsync(ManagementApiClient api)
    {
        var policy = (await api.GetAsync("/api/v1/authorizationServers/default/policies")).Json.EnumerateArray().First();
        var policyId = policy.GetProperty("id").GetString()!;
        var rule = (await api.GetAsync($"/api/v1/authorizationServers/default/policies/{policyId}/rules")).Json.EnumerateArray()
            .Single(item => item.GetProperty("name").GetString() == "Default Policy Rule");
        return (policyId, rule.GetProperty("id").GetString()!);
    }

    private static async Task<int> AccessLifetimeAsync(ManagementApiClient api, string policyId, string ruleId) =>
        (await api.GetAsync($"/api/v1/authorizationServers/default/policies/{policyId}/rules/{ruleId}")).Json
            .GetProperty("actions").GetProperty("token").GetProperty("accessTokenLifetimeMinutes").GetInt32();

    /// <summary>A CORS preflight to the org server's keys: allowed only for trusted origins.</summary>
    private async Task<bool> CorsAllowsAsync(string origin)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/v1/keys");
        request.Headers.Add("Origin", origin);
        using var response = await http.SendAsync(request);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Contains(origin);
    }

    [GeneratedRegex("<code id=\"token-value\">([^<]+)</code>")]
    private static partial Regex TokenValue();
}
