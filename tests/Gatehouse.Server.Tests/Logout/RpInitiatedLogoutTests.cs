using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests.Logout;

/// <summary>
/// RP-Initiated Logout 1.0 as the OIDF conformance plan oidcc-rp-initiated-logout checks it, on Okta's
/// <c>/v1/logout</c> of both the org server and the default custom server.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class RpInitiatedLogoutTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string IssuerFor(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_ValidHintAndRegisteredUri_RedirectsWithStateAndEndsSession(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        Assert.NotNull((await SilentAuthorizeAsync(browser, issuer)).Code);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, "logout-state-1"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(TestSeed.WebPostLogoutRedirectUri, location.GetLeftPart(UriPartial.Path));
        Assert.Equal("logout-state-1", QueryHelpers.ParseQuery(location.Query)["state"].ToString());

        // oidcc-rp-initiated-logout: a following prompt=none authorization must fail.
        var silent = await SilentAuthorizeAsync(browser, issuer);
        Assert.Equal("login_required", silent.Error);
        Assert.Null(silent.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_ValidHintWithoutState_RedirectsWithoutState(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, state: null));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(TestSeed.WebPostLogoutRedirectUri, response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(true, "https://evil.example/signout/callback")]
    [InlineData(false, "https://evil.example/signout/callback")]
    [InlineData(true, TestSeed.WebPostLogoutRedirectUri + "?foo=bar")]
    [InlineData(false, TestSeed.WebPostLogoutRedirectUri + "?foo=bar")]
    [InlineData(true, TestSeed.WebRedirectUri)]
    [InlineData(false, TestSeed.WebRedirectUri)]
    public async Task Logout_UnregisteredPostLogoutRedirectUri_ShowsErrorPageWithoutRedirect(bool orgServer, string postLogoutRedirectUri)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, postLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_HintWithAlteredSignature_NeverRedirects(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        var parts = idToken.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[signature.Length / 2] ^= 0x5A;
        var altered = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, altered, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_AlgNoneHint_NeverRedirects(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Jwt.Header(idToken).GetRawText())!;
        header["alg"] = JsonSerializer.SerializeToElement("none");
        var unsigned = $"{Base64UrlEncoder.Encode(JsonSerializer.Serialize(header))}.{idToken.Split('.')[1]}.";

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, unsigned, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
        // Gatehouse's session survives a forged request.
        Assert.NotNull((await SilentAuthorizeAsync(browser, issuer)).Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_HintSignedByForeignKeyWithSameKid_NeverRedirects(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        using var rsa = RSA.Create(2048);
        // The real header (same kid, RS256) and the real payload, signed with a key Gatehouse never issued.
        var signingInput = $"{idToken.Split('.')[0]}.{idToken.Split('.')[1]}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var forged = $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, forged, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_HintFromTheOtherIssuer_NeverRedirects(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        var otherIssuer = IssuerFor(!orgServer);
        using var browser = new Browser(Server);
        var foreignHint = await SignInAsync(browser, otherIssuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, foreignHint, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_ExpiredButValidlySignedHint_IsAcceptedAndRedirects(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        Server.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(Jwt.Payload(idToken).GetProperty("exp").GetInt64() < Server.Clock.GetUtcNow().ToUnixTimeSeconds());

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, "late"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(TestSeed.WebPostLogoutRedirectUri + "?state=late", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, null)]
    [InlineData(true, "only-state")]
    [InlineData(false, "only-state")]
    public async Task Logout_NoHintNoRedirectUri_ShowsSignedOutPageAndEndsSession(bool orgServer, string? state)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        await SignInAsync(browser, issuer);

        var (status, body, visited) = await FollowWithinGatehouseAsync(browser, LogoutUrl(issuer, null, null, state));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("signed out", body, StringComparison.OrdinalIgnoreCase);
        Assert.All(visited, uri => Assert.Equal(Server.Origin, uri.GetLeftPart(UriPartial.Authority)));
        Assert.Equal("login_required", (await SilentAuthorizeAsync(browser, issuer)).Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_HintWithoutRedirectUri_ShowsSignedOutPageAndEndsSession(bool orgServer)
    {
        // oidcc-rp-initiated-logout-no-post-logout-redirect-uri.
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var (status, body, visited) = await FollowWithinGatehouseAsync(browser, LogoutUrl(issuer, idToken, null, "s"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("signed out", body, StringComparison.OrdinalIgnoreCase);
        Assert.All(visited, uri => Assert.Equal(Server.Origin, uri.GetLeftPart(UriPartial.Authority)));
        Assert.Equal("login_required", (await SilentAuthorizeAsync(browser, issuer)).Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_RedirectUriWithoutHint_ShowsErrorPageWithoutRedirect(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, null, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_PostedForm_RedirectsWithState(bool orgServer)
    {
        // RP-Initiated Logout 1.0 §2: the OP must support GET and POST at the end-session endpoint.
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.PostAsync(EndpointBase(issuer) + "/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = TestSeed.WebPostLogoutRedirectUri,
            ["state"] = "posted",
        }));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(TestSeed.WebPostLogoutRedirectUri + "?state=posted", response.Headers.Location!.ToString());
        Assert.Equal("login_required", (await SilentAuthorizeAsync(browser, issuer)).Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_HintOfAnotherClient_NeverRedirectsToThisClientsUri(bool orgServer)
    {
        // The Web app's logout URI is registered, but not for the Restricted app the hint was issued to.
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer, TestSeed.RestrictedClientId, TestSeed.RestrictedClientSecret);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logout_ClientIdNotMatchingHint_NeverRedirects(bool orgServer)
    {
        // RP-Initiated Logout 1.0 §2 client_id: the OP must verify it matches the client the ID token was issued to.
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer, TestSeed.RestrictedClientId, TestSeed.RestrictedClientSecret);
        var url = QueryHelpers.AddQueryString(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, "s"), "client_id", TestSeed.WebClientId);

        var response = await browser.Http.GetAsync(url);

        await AssertErrorPageAsync(response);
    }

    private static string EndpointBase(string issuer) => new AuthorizeRequest { Issuer = issuer }.EndpointBase;

    private static string LogoutUrl(string issuer, string? idTokenHint, string? postLogoutRedirectUri, string? state)
    {
        var parameters = new Dictionary<string, string?>();
        if (idTokenHint is not null)
        {
            parameters["id_token_hint"] = idTokenHint;
        }

        if (postLogoutRedirectUri is not null)
        {
            parameters["post_logout_redirect_uri"] = postLogoutRedirectUri;
        }

        if (state is not null)
        {
            parameters["state"] = state;
        }

        return QueryHelpers.AddQueryString(EndpointBase(issuer) + "/logout", parameters);
    }

    /// <summary>Signs Alice in through the code flow and returns the ID token the client got.</summary>
    private static async Task<string> SignInAsync(Browser browser, string issuer, string clientId = TestSeed.WebClientId, string clientSecret = TestSeed.WebClientSecret)
    {
        var request = new AuthorizeRequest { Issuer = issuer, ClientId = clientId, ClientSecret = clientSecret };
        var result = await browser.AuthorizeAsync(request);
        Assert.NotNull(result.Code);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens["id_token"]!;
    }

    private static Task<AuthorizationResult> SilentAuthorizeAsync(Browser browser, string issuer) =>
        browser.AuthorizeAsync(new AuthorizeRequest { Issuer = issuer, Prompt = "none" }, username: null);

    private async Task<(HttpStatusCode Status, string Body, List<Uri> Visited)> FollowWithinGatehouseAsync(Browser browser, string url)
    {
        var visited = new List<Uri> { new(url) };
        var response = await browser.Http.GetAsync(url);
        for (var hops = 0; hops < 5 && response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther; hops++)
        {
            var next = new Uri(new Uri(Server.Origin), response.Headers.Location!);
            visited.Add(next);
            if (!next.GetLeftPart(UriPartial.Authority).Equals(Server.Origin, StringComparison.Ordinal))
            {
                break;
            }

            response = await browser.Http.GetAsync(next);
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync(), visited);
    }

    private static async Task AssertErrorPageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Sign-out error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("signed out", body, StringComparison.OrdinalIgnoreCase);
    }
}
