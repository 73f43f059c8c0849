using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Headers;

/// <summary>
/// Cookie attributes (Secure, HttpOnly, SameSite) and session fixation: the session cookie is a new value at every
/// sign-in, and a value planted before sign-in never becomes the signed-in user's session (OWASP session management).
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class CookieTests(GatehouseServerFixture fixture)
{
    private const string SessionCookie = "gatehouse_session";

    private GatehouseServer Server => fixture.Server;

    private Uri SignInPage => new(Server.Origin + "/signin?returnUrl=%2F");

    [Fact]
    public async Task Cookies_AreSecureHttpOnlyAndSameSite()
    {
        using var browser = new Browser(Server);

        using var page = await browser.Http.GetAsync(SignInPage);
        var csrf = Assert.Single(SetCookies(page), cookie => cookie.Name == "gatehouse_csrf");
        AssertAttributes(csrf, "strict");

        using var signIn = await browser.SubmitSignInAsync(SignInPage, TestSeed.Alice, TestSeed.AlicePassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = Assert.Single(SetCookies(signIn), cookie => cookie.Name == SessionCookie);
        // Lax, not Strict: the session must be sent when a client redirects the browser to /authorize.
        AssertAttributes(session, "lax");
        Assert.DoesNotContain("expires=", session.Attributes, StringComparison.OrdinalIgnoreCase);

        Assert.All(SetCookies(signIn).Concat(SetCookies(page)), cookie => AssertAttributes(cookie, null));
    }

    [Fact]
    public async Task SessionFixation_PlantedCookieIsReplacedAndNeverSignedIn()
    {
        var cookies = new CookieContainer();
        const string planted = "planted-by-an-attacker";
        cookies.Add(new Uri(Server.Origin), new Cookie(SessionCookie, planted));
        using var http = Server.CreateClient(cookies);

        var page = await http.GetStringAsync(SignInPage);
        using var signIn = await http.PostAsync(SignInPage, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Username"] = TestSeed.Alice,
            ["Input.Password"] = TestSeed.AlicePassword,
            ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
            ["ReturnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var issued = Assert.Single(SetCookies(signIn), cookie => cookie.Name == SessionCookie).Value;
        Assert.NotEqual(planted, issued);
        Assert.Equal(issued, cookies.GetCookies(new Uri(Server.Origin))[SessionCookie]?.Value);
        // The planted value, replayed alone, is no session.
        Assert.Equal("login_required", await SilentAuthorizeAsync(planted));
        Assert.NotEqual("login_required", await SilentAuthorizeAsync(issued));
    }

    [Fact]
    public async Task SessionFixation_SigningInAgainIssuesANewSessionAndTheOldOneStaysTheOldUser()
    {
        var cookies = new CookieContainer();
        using var http = Server.CreateClient(cookies);
        var bobSession = await SignInAsync(http, cookies, TestSeed.Bob, TestSeed.BobPassword);

        var aliceSession = await SignInAsync(http, cookies, TestSeed.Alice, TestSeed.AlicePassword);

        Assert.NotEqual(bobSession, aliceSession);
        // The cookie held before the sign-in did not become Alice's session.
        Assert.Equal(TestSeed.Bob, await SessionUserAsync(bobSession));
        Assert.Equal(TestSeed.Alice, await SessionUserAsync(aliceSession));
    }

    private async Task<string> SignInAsync(HttpClient http, CookieContainer cookies, string username, string password)
    {
        var page = await http.GetStringAsync(SignInPage);
        using var response = await http.PostAsync(SignInPage, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Username"] = username,
            ["Input.Password"] = password,
            ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
            ["ReturnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies.GetCookies(new Uri(Server.Origin))[SessionCookie]!.Value;
    }

    /// <summary>prompt=none with only this session cookie: the error, or null when a code was issued.</summary>
    private async Task<string?> SilentAuthorizeAsync(string sessionValue) => (await SilentAuthorizeWithAsync(sessionValue)).Result.Error;

    private async Task<string?> SessionUserAsync(string sessionValue)
    {
        var (request, result) = await SilentAuthorizeWithAsync(sessionValue);
        Assert.NotNull(result.Code);
        using var http = Server.CreateClient();
        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return Jwt.Payload(tokens["id_token"]!).GetProperty("preferred_username").GetString();
    }

    private async Task<(AuthorizeRequest Request, AuthorizationResult Result)> SilentAuthorizeWithAsync(string sessionValue)
    {
        var cookies = new CookieContainer();
        cookies.Add(new Uri(Server.Origin), new Cookie(SessionCookie, sessionValue));
        using var http = Server.CreateClient(cookies);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, Prompt = "none" };
        using var response = await http.GetAsync(request.Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(TestSeed.WebRedirectUri, location.ToString(), StringComparison.Ordinal);
        var result = AuthorizationResult.FromRedirect(location);
        return (request, result);
    }

    private static void AssertAttributes(SetCookie cookie, string? sameSite)
    {
        Assert.Contains("; secure", cookie.Attributes, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie.Attributes, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=" + (sameSite ?? string.Empty), cookie.Attributes, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("samesite=none", cookie.Attributes, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<SetCookie> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(value => new SetCookie(value[..value.IndexOf('=', StringComparison.Ordinal)], value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..value.IndexOf(';', StringComparison.Ordinal)], value[value.IndexOf(';', StringComparison.Ordinal)..]))
            : [];

    private sealed record SetCookie(string Name, string Value, string Attributes);
}
