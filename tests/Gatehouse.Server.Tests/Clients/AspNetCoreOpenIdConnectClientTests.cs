using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests.Clients;

/// <summary>
/// A relying party nobody here wrote: ASP.NET Core's OpenID Connect handler, configured the way Okta's ASP.NET Core
/// guide (and Okta.AspNetCore's AddOktaMvc) configures it, signs in and out against Gatehouse's org and default
/// servers. Certificate validation stays on: the handler trusts Gatehouse's local CA through its back-channel.
/// </summary>
public sealed partial class AspNetCoreOpenIdConnectClientTests
{
    private const string CallbackPath = "/authorization-code/callback";
    private const string SignedOutCallbackPath = "/signout/callback";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenIdConnectHandler_SignsInShowsClaimsAndSignsOut(bool orgServer)
    {
        var rpPort = TestPorts.Next();
        var rpOrigin = $"http://127.0.0.1:{rpPort}";
        await using var server = await GatehouseServer.StartAsync(
            TestSeed.Json(extraRedirectUri: rpOrigin + CallbackPath, extraPostLogoutRedirectUri: rpOrigin + SignedOutCallbackPath));
        var issuer = orgServer ? server.Origin : server.DefaultIssuer;
        var endpoints = orgServer ? server.Origin + "/oauth2/v1" : issuer + "/v1";
        await using var rp = await StartRelyingPartyAsync(server, issuer, rpOrigin);
        using var browser = new Browser(server);

        // Protected page → challenge → Gatehouse's authorize endpoint of the right issuer.
        var challenge = await browser.Http.GetAsync(rpOrigin + "/profile");
        Assert.Equal(HttpStatusCode.Found, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(endpoints + "/authorize", authorize.GetLeftPart(UriPartial.Path));
        Assert.Contains("response_mode=form_post", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);

        var profile = await DriveAsync(server, browser, authorize, rpOrigin);

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal(rpOrigin + "/profile", profile.Url.ToString());
        Assert.Contains("Hello, Alice Anders", profile.Body, StringComparison.Ordinal);
        Assert.Contains($"email: {TestSeed.Alice}", profile.Body, StringComparison.Ordinal);
        Assert.Contains($"iss: {issuer}", profile.Body, StringComparison.Ordinal);
        // GetClaimsFromUserInfoEndpoint merged userinfo claims (zoneinfo is not asked for in the ID token by the RP).
        Assert.Contains("preferred_username: " + TestSeed.Alice, profile.Body, StringComparison.Ordinal);
        Assert.Contains("has id_token: True", profile.Body, StringComparison.Ordinal);

        // Sign out of the RP: its handler sends the saved ID token as id_token_hint to Gatehouse's end-session
        // endpoint, which ends the SSO session and returns to /signout/callback, which returns to "/".
        var signOut = await browser.Http.GetAsync(rpOrigin + "/signout");
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        var logout = signOut.Headers.Location!;
        Assert.Equal(endpoints + "/logout", logout.GetLeftPart(UriPartial.Path));
        Assert.Contains("id_token_hint=", logout.Query, StringComparison.Ordinal);

        var afterLogout = await browser.Http.GetAsync(logout);
        Assert.Equal(HttpStatusCode.Found, afterLogout.StatusCode);
        Assert.Equal(rpOrigin + SignedOutCallbackPath, afterLogout.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.Contains("state=", afterLogout.Headers.Location!.Query, StringComparison.Ordinal);
        var home = await DriveAsync(server, browser, afterLogout.Headers.Location!, rpOrigin);
        Assert.Equal(rpOrigin + "/", home.Url.ToString());
        Assert.Contains("anonymous", home.Body, StringComparison.Ordinal);

        // Signed out of both: the RP challenges again and Gatehouse asks for a password again.
        var again = await browser.Http.GetAsync(rpOrigin + "/profile");
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        var gatehouse = await browser.Http.GetAsync(again.Headers.Location!);
        Assert.Equal(HttpStatusCode.Found, gatehouse.StatusCode);
        Assert.Equal("/signin", new Uri(new Uri(server.Origin), gatehouse.Headers.Location!).AbsolutePath);
    }

    /// <summary>
    /// Plays the browser: follows redirects anywhere, fills Gatehouse's sign-in form, and submits the auto-posting
    /// form_post page, until a page that is neither.
    /// </summary>
    private static async Task<(HttpStatusCode Status, Uri Url, string Body)> DriveAsync(GatehouseServer server, Browser browser, Uri start, string rpOrigin)
    {
        var url = start;
        var response = await browser.Http.GetAsync(url);
        for (var hops = 0; hops < 15; hops++)
        {
            if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther)
            {
                url = new Uri(url, response.Headers.Location!);
                if (url.GetLeftPart(UriPartial.Authority) == server.Origin && url.AbsolutePath == "/signin")
                {
                    response = await browser.SubmitSignInAsync(url, TestSeed.Alice, TestSeed.AlicePassword);
                    Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
                    continue;
                }

                response = await browser.Http.GetAsync(url);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && url.GetLeftPart(UriPartial.Authority) == server.Origin && FormPost().Match(body) is { Success: true } form)
            {
                var action = new Uri(WebUtility.HtmlDecode(FormAction().Match(form.Value).Groups[1].Value));
                Assert.Equal(rpOrigin + CallbackPath, action.ToString());
                var fields = HiddenInput().Matches(body).ToDictionary(
                    match => WebUtility.HtmlDecode(match.Groups[1].Value), match => WebUtility.HtmlDecode(match.Groups[2].Value));
                Assert.Contains("code", fields.Keys);
                url = action;
                response = await browser.Http.PostAsync(action, new FormUrlEncodedContent(fields));
                continue;
            }

            return (response.StatusCode, url, body);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static async Task<WebApplication> StartRelyingPartyAsync(GatehouseServer server, string issuer, string rpOrigin)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(rpOrigin);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie => cookie.Cookie.Name = "rp_session")
            .AddOpenIdConnect(oidc =>
            {
                // As Okta's guide / AddOktaMvc: Authority = issuer, code flow, its callback paths, tokens saved,
                // claims from userinfo, name claim "name".
                oidc.Authority = issuer;
                oidc.ClientId = TestSeed.WebClientId;
                oidc.ClientSecret = TestSeed.WebClientSecret;
                oidc.ResponseType = "code";
                oidc.CallbackPath = CallbackPath;
                oidc.SignedOutCallbackPath = SignedOutCallbackPath;
                oidc.SaveTokens = true;
                oidc.GetClaimsFromUserInfoEndpoint = true;
                oidc.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.Scope.Add("email");
                oidc.MapInboundClaims = false;
                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.BackchannelHttpHandler = server.CreateHandler();
                // The RP shares 127.0.0.1 (cookies ignore ports) with Gatehouse and runs on plain http here.
                oidc.CorrelationCookie.Name = "rp_correlation.";
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.Name = "rp_nonce.";
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", (HttpContext context) => context.User.Identity?.IsAuthenticated == true ? "signed in" : "anonymous");
        app.MapGet("/profile", async (HttpContext context) =>
        {
            var user = context.User;
            var idToken = await context.GetTokenAsync("id_token");
            return $"""
                Hello, {user.Identity!.Name}
                email: {user.FindFirstValue("email")}
                iss: {user.FindFirst("sub")?.Issuer}
                preferred_username: {user.FindFirstValue("preferred_username")}
                has id_token: {!string.IsNullOrEmpty(idToken)}
                """;
        }).RequireAuthorization();
        app.MapGet("/signout", () => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
        await app.StartAsync();
        return app;
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormPost();

    [GeneratedRegex("action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
