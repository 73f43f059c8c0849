using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

using static Gatehouse.Server.Tests.Conformance.ConformanceChecks;

namespace Gatehouse.Server.Tests.Conformance;

/// <summary>
/// The OIDF RP-Initiated Logout OP plan (<c>oidcc-rp-initiated-logout-certification-test-plan</c>), one test per
/// module, each against the org server and <c>default</c>. A logout the module says "must not redirect" ends on
/// Gatehouse (error page or signed-out page), never at the client.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class RpInitiatedLogoutOpTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutDiscoveryEndpointVerification_EndSessionEndpointAdvertised(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var http = Server.CreateClient();

        using var metadata = JsonDocument.Parse(await http.GetStringAsync(issuer + "/.well-known/openid-configuration"));

        var endpoint = metadata.RootElement.GetProperty("end_session_endpoint").GetString();
        Assert.Equal(EndpointBase(issuer) + "/logout", endpoint);
        Assert.Equal("https", new Uri(endpoint!).Scheme);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogout_RedirectsWithStateThenPromptNoneFails(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, "logout-state"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(TestSeed.WebPostLogoutRedirectUri, response.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.Equal("logout-state", Query(response.Headers.Location)["state"]);
        await AssertSignedOutAsync(browser, issuer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutBadPostLogoutRedirectUri_DoesNotRedirect(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, "https://evil.example/signout/callback", "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutModifiedIdTokenHint_AlgNoneHintRejected(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Jwt.Header(idToken).GetRawText())!;
        header["alg"] = JsonSerializer.SerializeToElement("none");
        var unsigned = $"{Base64UrlEncoder.Encode(JsonSerializer.Serialize(header))}.{idToken.Split('.')[1]}.";

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, unsigned, TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
        Assert.NotNull((await SilentAuthorizeAsync(browser, issuer)).Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutNoIdTokenHint_DoesNotRedirect(bool orgServer)
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
    public async Task OidccRpInitiatedLogoutNoParams_ShowsLoggedOut(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        await SignInAsync(browser, issuer);

        await AssertLoggedOutPageAsync(browser, issuer, LogoutUrl(issuer, null, null, null));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutNoPostLogoutRedirectUri_ShowsLoggedOut(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        await AssertLoggedOutPageAsync(browser, issuer, LogoutUrl(issuer, idToken, null, "s"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutNoState_RedirectsWithoutState(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri, null));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(TestSeed.WebPostLogoutRedirectUri, response.Headers.Location!.ToString());
        await AssertSignedOutAsync(browser, issuer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutOnlyState_ShowsLoggedOut(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        await SignInAsync(browser, issuer);

        await AssertLoggedOutPageAsync(browser, issuer, LogoutUrl(issuer, null, null, "only-state"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutQueryAddedToPostLogoutRedirectUri_DoesNotRedirect(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, idToken, TestSeed.WebPostLogoutRedirectUri + "?foo=bar", "s"));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRpInitiatedLogoutBadIdTokenHint_ForeignKeyHintDoesNotRedirect(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var idToken = await SignInAsync(browser, issuer);
        using var foreignKey = RSA.Create(2048);
        var signingInput = $"{idToken.Split('.')[0]}.{idToken.Split('.')[1]}";
        var signature = foreignKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var response = await browser.Http.GetAsync(LogoutUrl(issuer, $"{signingInput}.{Base64UrlEncoder.Encode(signature)}", TestSeed.WebPostLogoutRedirectUri, "s"));

        await AssertErrorPageAsync(response);
    }

    private string IssuerFor(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    private static string EndpointBase(string issuer) => new AuthorizeRequest { Issuer = issuer }.EndpointBase;

    private static string LogoutUrl(string issuer, string? idTokenHint, string? postLogoutRedirectUri, string? state)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["id_token_hint"] = idTokenHint,
            ["post_logout_redirect_uri"] = postLogoutRedirectUri,
            ["state"] = state,
        };
        return QueryHelpers.AddQueryString(EndpointBase(issuer) + "/logout", parameters.Where(pair => pair.Value is not null));
    }

    private static async Task<string> SignInAsync(Browser browser, string issuer)
    {
        var request = new AuthorizeRequest { Issuer = issuer };
        var result = await browser.AuthorizeAsync(request);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens["id_token"]!;
    }

    private static Task<AuthorizationResult> SilentAuthorizeAsync(Browser browser, string issuer) =>
        browser.AuthorizeAsync(new AuthorizeRequest { Issuer = issuer, Prompt = "none" }, username: null);

    /// <summary>oidcc-rp-initiated-logout: after logout, a prompt=none authorization must fail.</summary>
    private static async Task AssertSignedOutAsync(Browser browser, string issuer)
    {
        var silent = await SilentAuthorizeAsync(browser, issuer);
        Assert.Equal("login_required", silent.Error);
        Assert.Null(silent.Code);
    }

    /// <summary>Follows the logout within Gatehouse: it ends on the "signed out" page and the session is gone.</summary>
    private async Task AssertLoggedOutPageAsync(Browser browser, string issuer, string url)
    {
        var response = await browser.Http.GetAsync(url);
        for (var hops = 0; hops < 5 && response.Headers.Location is not null; hops++)
        {
            AssertNoRedirectOffGatehouse(Server, response);
            response = await browser.Http.GetAsync(new Uri(new Uri(Server.Origin), response.Headers.Location));
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("signed out", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await AssertSignedOutAsync(browser, issuer);
    }

    private static async Task AssertErrorPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sign-out error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }
}
