using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>Who may use /admin, and how: through Gatehouse's own OIDC, admins only, CSRF-protected, secrets after a recent sign-in.</summary>
public sealed class AdminConsoleAccessTests(AdminConsoleServer fixture) : IClassFixture<AdminConsoleServer>
{
    private const string AdminConsoleAppId = "0oaadminconsole000001";

    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Anonymous_IsSentToTheOrgServersAuthorizeEndpointWithPkce()
    {
        using var http = Server.CreateClient();

        var response = await http.GetAsync("/admin/apps");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Server.Origin + "/oauth2/v1/authorize", location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("gatehouse.admin.console", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(Server.Origin + "/admin/signin-oidc", query["redirect_uri"]);
    }

    [Fact]
    public async Task Admin_SignsInAndSeesTheConsoleWithTheDomainInItsOwnCookie()
    {
        using var browser = new Browser(Server);

        var page = await SignInAsync(browser, TestSeed.Alice, TestSeed.AlicePassword);

        Assert.Equal(HttpStatusCode.OK, page.PageStatus);
        Assert.Contains("<h1>Dashboard</h1>", page.PageBody, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"org-domain\">{Server.Origin}</code>", page.PageBody, StringComparison.Ordinal);
        var csp = (await browser.Http.GetAsync("/admin")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonAdmin_GetsTheConsoles403Page()
    {
        using var browser = new Browser(Server);

        var page = await SignInAsync(browser, AdminConsoleServer.Carol, AdminConsoleServer.CarolPassword);

        Assert.Equal(HttpStatusCode.Forbidden, page.PageStatus);
        Assert.Contains("for administrators only", page.PageBody, StringComparison.Ordinal);
        var again = await browser.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith(Server.Origin + "/oauth2/v1/authorize", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminConsoleApp_CannotBeDeletedOrDeactivatedThroughTheApi()
    {
        using var api = new ManagementApiClient(Server);

        var app = await api.GetAsync($"/api/v1/apps/{AdminConsoleAppId}");
        var deactivate = await api.PostAsync($"/api/v1/apps/{AdminConsoleAppId}/lifecycle/deactivate", new { });
        var delete = await api.DeleteAsync($"/api/v1/apps/{AdminConsoleAppId}");

        Assert.Equal(HttpStatusCode.OK, app.Status);
        Assert.Equal("ACTIVE", app["status"]);
        Assert.Contains(deactivate.AssertOktaError(HttpStatusCode.Forbidden, "E0000056"), cause => cause.Contains("cannot be deactivated", StringComparison.Ordinal));
        Assert.Contains(delete.AssertOktaError(HttpStatusCode.Forbidden, "E0000056"), cause => cause.Contains("cannot be deleted", StringComparison.Ordinal));
        Assert.Equal("ACTIVE", (await api.GetAsync($"/api/v1/apps/{AdminConsoleAppId}"))["status"]);
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRejectedAndCreatesNothing()
    {
        using var browser = new Browser(Server);
        await SignInAsync(browser, TestSeed.Alice, TestSeed.AlicePassword);
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = "Forged App",
            ["Input.GrantTypes"] = "authorization_code",
            ["Input.RedirectUris"] = "https://forged.example.test/callback",
            ["Input.Access"] = "everyone"
        };

        var forged = await browser.Http.PostAsync("/admin/apps/new/web", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var api = new ManagementApiClient(Server);
        Assert.Empty((await api.GetAsync("/api/v1/apps?q=Forged")).Json.EnumerateArray());

        // The same form with the page's token is accepted.
        var page = await browser.Http.GetStringAsync("/admin/apps/new/web");
        form["__csrf"] = Browser.HiddenInput(page, "__csrf");
        var created = await browser.Http.PostAsync("/admin/apps/new/web", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Single((await api.GetAsync("/api/v1/apps?q=Forged")).Json.EnumerateArray());
    }

    [Fact]
    public async Task SecretReveal_NeedsASignInWithinFiveMinutes()
    {
        using var browser = new Browser(Server);
        await SignInAsync(browser, TestSeed.Alice, TestSeed.AlicePassword);
        var path = $"/admin/apps/{await WebAppIdAsync()}/secret";

        var fresh = await browser.Http.GetStringAsync(path);
        Assert.Contains(TestSeed.WebClientSecret, fresh, StringComparison.Ordinal);

        Server.Clock.Advance(TimeSpan.FromMinutes(6));
        var stale = await browser.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var query = QueryHelpers.ParseQuery(stale.Headers.Location!.Query);
        Assert.Equal("login", query["prompt"]);
        Assert.DoesNotContain(TestSeed.WebClientSecret, await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // prompt=login: the password again, then back to the secret.
        var again = await browser.FollowAsync(stale, TestSeed.Alice, TestSeed.AlicePassword);
        Assert.Equal(HttpStatusCode.OK, again.PageStatus);
        Assert.Contains(TestSeed.WebClientSecret, again.PageBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyAdmin_SeesAppsButCannotRevealSecrets()
    {
        using var browser = new Browser(Server);
        await SignInAsync(browser, TestSeed.Bob, TestSeed.BobPassword);

        var apps = await browser.Http.GetStringAsync("/admin/apps");
        var secret = await browser.Http.GetAsync($"/admin/apps/{await WebAppIdAsync()}/secret");

        Assert.Contains("Web App", apps, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, secret.StatusCode);
        Assert.Equal("/admin/forbidden", secret.Headers.Location!.AbsolutePath);
    }

    private static async Task<AuthorizationResult> SignInAsync(Browser browser, string username, string password) =>
        await browser.FollowAsync(await browser.Http.GetAsync("/admin"), username, password);

    private async Task<string> WebAppIdAsync()
    {
        using var api = new ManagementApiClient(Server);
        var apps = (await api.GetAsync("/api/v1/apps?q=Web")).Json.EnumerateArray();
        return apps.Single(app => app.GetProperty("label").GetString() == "Web App").GetProperty("id").GetString()!;
    }
}
