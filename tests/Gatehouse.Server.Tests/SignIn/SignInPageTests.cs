using System.Net;

using Gatehouse.Server.Pages.SignIn;
using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.SignIn;

/// <summary>The hosted sign-in page as a browser uses it: hints, failures, CSRF, return URLs, headers and cookies.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class SignInPageTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LoginHint_PrefillsUsername(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = orgServer ? Server.Origin : Server.DefaultIssuer, LoginHint = TestSeed.Bob };

        var result = await browser.AuthorizeAsync(request, username: null);

        Assert.Equal("/signin", result.RedirectedTo?.AbsolutePath);
        var page = await browser.Http.GetStringAsync(result.RedirectedTo);
        Assert.Equal(TestSeed.Bob, Browser.HiddenInput(page, "Input.Username"));
    }

    [Fact]
    public async Task LoginHint_IsHtmlEncoded()
    {
        using var browser = new Browser(Server);
        const string hint = "\"><script>alert(1)</script>";

        var page = await browser.Http.GetStringAsync("/signin?returnUrl=%2F&login_hint=" + Uri.EscapeDataString(hint));

        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.Equal(hint, Browser.HiddenInput(page, "Input.Username"));
    }

    [Fact]
    public async Task SignIn_WrongPasswordAndUnknownUserGetSameAnswer()
    {
        using var browser = new Browser(Server);
        var signInPage = new Uri(Server.Origin + "/signin?returnUrl=%2F");

        using var wrongPassword = await browser.SubmitSignInAsync(signInPage, TestSeed.Alice, "not-the-password");
        using var unknownUser = await browser.SubmitSignInAsync(signInPage, "nobody@example.com", "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        var wrongPasswordBody = await wrongPassword.Content.ReadAsStringAsync();
        var unknownUserBody = await unknownUser.Content.ReadAsStringAsync();
        Assert.Contains(SignInModel.FailureMessage, wrongPasswordBody, StringComparison.Ordinal);
        Assert.Contains(SignInModel.FailureMessage, unknownUserBody, StringComparison.Ordinal);
        Assert.Equal(ErrorText(wrongPasswordBody), ErrorText(unknownUserBody));
        Assert.False(SetsSessionCookie(wrongPassword));
        Assert.False(SetsSessionCookie(unknownUser));
    }

    [Fact]
    public async Task SignIn_PostWithoutAntiforgeryTokenIsRejected()
    {
        using var browser = new Browser(Server);
        // The page was loaded (the antiforgery cookie is set), but the form's token is missing.
        await browser.Http.GetStringAsync("/signin?returnUrl=%2F");
        using var response = await browser.Http.PostAsync("/signin?returnUrl=%2F", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Username"] = TestSeed.Alice,
            ["Input.Password"] = TestSeed.AlicePassword,
            ["ReturnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(SetsSessionCookie(response));
        var next = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, username: null);
        Assert.Equal("/signin", next.RedirectedTo?.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_PostWithAnotherSessionsAntiforgeryTokenIsRejected()
    {
        using var attacker = new Browser(Server);
        using var victim = new Browser(Server);
        var attackerPage = await attacker.Http.GetStringAsync("/signin?returnUrl=%2F");
        await victim.Http.GetStringAsync("/signin?returnUrl=%2F");

        using var response = await victim.Http.PostAsync("/signin?returnUrl=%2F", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Username"] = TestSeed.Alice,
            ["Input.Password"] = TestSeed.AlicePassword,
            ["__csrf"] = Browser.HiddenInput(attackerPage, "__csrf"),
            ["ReturnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(SetsSessionCookie(response));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https:evil.example")]
    public async Task SignIn_OffSiteReturnUrlGoesHome(string returnUrl)
    {
        using var browser = new Browser(Server);
        var signInPage = new Uri(Server.Origin + "/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));

        using var response = await browser.SubmitSignInAsync(signInPage, TestSeed.Alice, TestSeed.AlicePassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(SetsSessionCookie(response));
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_LocalReturnUrlIsFollowed()
    {
        using var browser = new Browser(Server);
        var signInPage = new Uri(Server.Origin + "/signin?returnUrl=" + Uri.EscapeDataString("/oauth2/v1/authorize?client_id=x"));

        using var response = await browser.SubmitSignInAsync(signInPage, TestSeed.Alice, TestSeed.AlicePassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/oauth2/v1/authorize?client_id=x", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignInPage_CannotBeFramed()
    {
        using var browser = new Browser(Server);

        using var response = await browser.Http.GetAsync("/signin?returnUrl=%2F");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_SessionCookieIsSecureHttpOnlyLax()
    {
        using var browser = new Browser(Server);
        using var response = await browser.SubmitSignInAsync(new Uri(Server.Origin + "/signin?returnUrl=%2F"), TestSeed.Alice, TestSeed.AlicePassword);

        var cookie = Assert.Single(SetCookies(response), header => header.StartsWith("gatehouse_session=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToList();
        Assert.Contains("secure", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", attributes, StringComparer.OrdinalIgnoreCase);
        // A session cookie: no Expires/Max-Age (isPersistent: false).
        Assert.DoesNotContain(attributes, attribute => attribute.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
            || attribute.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static bool SetsSessionCookie(HttpResponseMessage response) =>
        SetCookies(response).Any(header => header.StartsWith("gatehouse_session=", StringComparison.Ordinal) && !header.Contains("gatehouse_session=;", StringComparison.Ordinal));

    private static string ErrorText(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "<div[^>]*id=\"signin-error\"[^>]*>([^<]*)</div>").Groups[1].Value;
}
