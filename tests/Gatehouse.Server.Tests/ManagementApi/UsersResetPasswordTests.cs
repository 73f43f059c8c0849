using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// <c>POST /api/v1/users/{id}/lifecycle/reset_password?sendEmail=false</c>: a one-time link, valid for an hour, to
/// Gatehouse's page that sets a new password; the user is in RECOVERY until then.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UsersResetPasswordTests(GatehouseServerFixture fixture)
{
    private const string NewPassword = "Recovered-Secret-31";

    private GatehouseServer Server => fixture.Server;

    private static async Task<string> ResetLinkAsync(ManagementApiClient api, string id)
    {
        var response = await api.PostAsync($"/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false", new { });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response["resetPasswordUrl"]!;
    }

    /// <summary>GETs the page and POSTs the form with its CSRF token.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SubmitAsync(HttpClient http, string link, string password, string? confirm = null)
    {
        var page = await http.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
            ["__csrf"] = Browser.HiddenInput(html, "__csrf"),
        });
        using var response = await http.PostAsync(link, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResetPassword_LinkSetsNewPasswordOnceAndUserIsRecoveryUntilThen()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await UsersPasswordApiTests.NewUserAsync(api);

        var link = await ResetLinkAsync(api, id);

        Assert.StartsWith(Server.Origin + "/reset_password/", link, StringComparison.Ordinal);
        Assert.Equal("RECOVERY", (await api.GetAsync("/api/v1/users/" + id))["status"]);
        using var browser = new Browser(Server);
        var (status, body) = await SubmitAsync(browser.Http, link, NewPassword);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("reset-password-done", body, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", (await api.GetAsync("/api/v1/users/" + id))["status"]);

        // Dead after use.
        using var again = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        // The new password signs in.
        var result = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, NewPassword);
        Assert.NotNull(result.Code);
    }

    [Fact]
    public async Task ResetPassword_RecoveryUserCannotSignInWithOldPassword()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await UsersPasswordApiTests.NewUserAsync(api);
        await ResetLinkAsync(api, id);

        using var browser = new Browser(Server);
        var result = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password);

        Assert.Null(result.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, result.PageStatus);
    }

    [Fact]
    public async Task ResetPassword_LinkExpiresAfterAnHour()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await UsersPasswordApiTests.NewUserAsync(api);
        var link = await ResetLinkAsync(api, id);

        Server.Clock.Advance(TimeSpan.FromMinutes(61));
        using var http = Server.CreateClient();
        using var page = await http.GetAsync(link);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("invalid, has expired or was already used", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_NewLinkKillsTheEarlierOne()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await UsersPasswordApiTests.NewUserAsync(api);
        var first = await ResetLinkAsync(api, id);
        var second = await ResetLinkAsync(api, id);

        using var http = Server.CreateClient();
        using var firstPage = await http.GetAsync(first);
        using var secondPage = await http.GetAsync(second);

        Assert.Equal(HttpStatusCode.NotFound, firstPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondPage.StatusCode);
    }

    [Theory]
    [InlineData("weak", "weak", "does not meet the password requirements")]
    [InlineData(UsersApiTests.Password, UsersApiTests.Password, "last 4 passwords")]
    [InlineData(NewPassword, "Something-Else-42", "do not match")]
    public async Task ResetPassword_PolicyAndConfirmationAreEnforcedOnThePage(string password, string confirm, string message)
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await UsersPasswordApiTests.NewUserAsync(api);
        var link = await ResetLinkAsync(api, id);
        using var browser = new Browser(Server);

        var (status, body) = await SubmitAsync(browser.Http, link, password, confirm);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.Equal("RECOVERY", (await api.GetAsync("/api/v1/users/" + id))["status"]);
        // The link still works after a failed attempt.
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(browser.Http, link, NewPassword)).Status);
    }

    [Fact]
    public async Task ResetPassword_FormWithoutCsrfTokenIsRejected()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await UsersPasswordApiTests.NewUserAsync(api);
        var link = await ResetLinkAsync(api, id);
        using var http = Server.CreateClient();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });
        using var response = await http.PostAsync(link, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("RECOVERY", (await api.GetAsync("/api/v1/users/" + id))["status"]);
    }

    [Theory]
    [InlineData("/reset_password/not-a-token")]
    [InlineData("/reset_password/MDB1eHh4eHh4eHh4eHh4eHh4eHguYWJj")]
    public async Task ResetPassword_ForgedLinksAre404(string path)
    {
        using var http = Server.CreateClient();

        using var page = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task ResetPassword_SuspendedUserIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await UsersPasswordApiTests.NewUserAsync(api);
        await api.PostAsync($"/api/v1/users/{id}/lifecycle/suspend", new { });

        (await api.PostAsync($"/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.PostAsync($"/api/v1/users/{id}/lifecycle/reset_password?sendEmail=perhaps", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }
}
