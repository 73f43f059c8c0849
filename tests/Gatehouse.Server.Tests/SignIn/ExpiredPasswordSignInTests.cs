using System.Net;

using Gatehouse.Server.Pages.SignIn;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SignIn;

/// <summary>
/// A PASSWORD_EXPIRED user (expire_password or <c>nextLogin=changePassword</c>) is asked for a new password at sign-in
/// (current + new + confirm, CSRF, policy) and only then does the OIDC flow continue to the client with a code.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class ExpiredPasswordSignInTests(GatehouseServerFixture fixture)
{
    private const string NewPassword = "Fresh-Start-2027";

    private GatehouseServer Server => fixture.Server;

    /// <summary>Fills the change-password page shown by <paramref name="page"/> (with its CSRF token) and posts it.</summary>
    private async Task<HttpResponseMessage> SubmitChangeAsync(Browser browser, AuthorizationResult page, string current, string newPassword, string? confirm = null, bool withCsrf = true)
    {
        Assert.Equal(HttpStatusCode.OK, page.PageStatus);
        Assert.Contains("Your password has expired", page.PageBody, StringComparison.Ordinal);
        var form = new Dictionary<string, string>
        {
            ["Input.Username"] = Browser.HiddenInput(page.PageBody!, "Input.Username"),
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = confirm ?? newPassword,
            ["ReturnUrl"] = Browser.HiddenInput(page.PageBody!, "ReturnUrl"),
        };
        if (withCsrf)
        {
            form["__csrf"] = Browser.HiddenInput(page.PageBody!, "__csrf");
        }

        return await browser.Http.PostAsync(Server.Origin + "/signin/change-password", new FormUrlEncodedContent(form));
    }

    private static async Task<(string Id, string Login)> ExpiredUserAsync(ManagementApiClient api, bool atCreation)
    {
        var (id, login) = await UsersPasswordApiTests.NewUserAsync(api, atCreation ? "?activate=true&nextLogin=changePassword" : string.Empty);
        if (!atCreation)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{id}/lifecycle/expire_password", new { })).Status);
        }

        return (id, login);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExpiredPassword_NewPasswordThenFlowResumesWithCode(bool atCreation)
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await ExpiredUserAsync(api, atCreation);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.Origin };

        var page = await browser.AuthorizeAsync(request, login, UsersApiTests.Password);
        Assert.Null(page.Code);
        using var changed = await SubmitChangeAsync(browser, page, UsersApiTests.Password, NewPassword);
        var result = await browser.FollowAsync(changed, username: null, password: null);

        Assert.NotNull(result.Code);
        Assert.Equal(request.State, result.Parameters["state"]);
        var user = await api.GetAsync("/api/v1/users/" + id);
        Assert.Equal("ACTIVE", user["status"]);
        Assert.NotNull(user["lastLogin"]);
        // The session works, and the new password signs in from a fresh browser.
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, username: null, password: null)).Code);
        using var other = new Browser(Server);
        Assert.NotNull((await other.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, NewPassword)).Code);
    }

    [Fact]
    public async Task ExpiredPassword_WrongCurrentPasswordIs401AndNoCode()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await ExpiredUserAsync(api, atCreation: true);
        using var browser = new Browser(Server);
        var page = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password);

        using var response = await SubmitChangeAsync(browser, page, "Wrong-Current-1", NewPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(SignInModel.FailureMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("PASSWORD_EXPIRED", (await api.GetAsync("/api/v1/users/" + id))["status"]);
    }

    [Theory]
    [InlineData("weakpass", "weakpass", "does not meet the password requirements")]
    [InlineData(UsersApiTests.Password, UsersApiTests.Password, "last 4 passwords")]
    [InlineData("Petra-Rocks-2027", "Petra-Rocks-2027", "username, first name or last name")]
    [InlineData(NewPassword, "Fresh-Start-2028", "do not match")]
    public async Task ExpiredPassword_PolicyAndConfirmationAreEnforced(string newPassword, string confirm, string message)
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await ExpiredUserAsync(api, atCreation: true);
        using var browser = new Browser(Server);
        var page = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password);

        using var response = await SubmitChangeAsync(browser, page, UsersApiTests.Password, newPassword, confirm);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.DoesNotContain(newPassword, body, StringComparison.Ordinal);
        Assert.Equal("PASSWORD_EXPIRED", (await api.GetAsync("/api/v1/users/" + id))["status"]);
    }

    [Fact]
    public async Task ExpiredPassword_FormWithoutCsrfTokenIsRejected()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await ExpiredUserAsync(api, atCreation: true);
        using var browser = new Browser(Server);
        var page = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password);

        using var response = await SubmitChangeAsync(browser, page, UsersApiTests.Password, NewPassword, withCsrf: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("PASSWORD_EXPIRED", (await api.GetAsync("/api/v1/users/" + id))["status"]);
    }

    [Fact]
    public async Task ExpiredPassword_ActiveUserCannotUseTheChangePage()
    {
        using var api = new ManagementApiClient(Server);
        var (_, login) = await UsersPasswordApiTests.NewUserAsync(api);
        using var browser = new Browser(Server);
        var html = await browser.Http.GetStringAsync(Server.Origin + "/signin/change-password?returnUrl=%2F&username=" + Uri.EscapeDataString(login));
        var page = AuthorizationResult.FromPage(HttpStatusCode.OK, html);

        using var response = await SubmitChangeAsync(browser, page, UsersApiTests.Password, NewPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ExpiredPassword_ExistingSessionMustSignInAgain()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await UsersPasswordApiTests.NewUserAsync(api);
        using var browser = new Browser(Server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password)).Code);

        await api.PostAsync($"/api/v1/users/{id}/lifecycle/expire_password", new { });
        var again = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, username: null, password: null);

        Assert.Null(again.Code);
        Assert.Equal("signin", again.PageBody);
    }
}
