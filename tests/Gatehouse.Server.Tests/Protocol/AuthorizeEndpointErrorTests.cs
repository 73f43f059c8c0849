using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.Protocol;

/// <summary>
/// Errors at the authorization endpoint (RFC 6749 §4.1.2.1): sent back to a verified redirect URI with
/// <c>state</c> and <c>iss</c>, shown on Gatehouse when the client or redirect URI cannot be trusted, and
/// never a 500.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AuthorizeEndpointErrorTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string IssuerFor(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnassignedUser_IsRedirectedWithAccessDenied(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = issuer, ClientId = TestSeed.RestrictedClientId, ClientSecret = TestSeed.RestrictedClientSecret };

        var result = await browser.AuthorizeAsync(request, TestSeed.Bob, TestSeed.BobPassword);

        Assert.Equal(TestSeed.WebRedirectUri, result.RedirectedTo?.GetLeftPart(UriPartial.Path));
        Assert.Equal("access_denied", result.Error);
        Assert.Equal("User is not assigned to the client application.", result.Parameters["error_description"]);
        Assert.Equal(request.State, result.Parameters["state"]);
        Assert.Equal(issuer, result.Parameters["iss"]);
        Assert.Null(result.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MissingState_IsSentBackToRegisteredRedirectUri(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);

        var result = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = issuer, State = null });

        Assert.Equal(TestSeed.WebRedirectUri, result.RedirectedTo?.GetLeftPart(UriPartial.Path));
        Assert.Equal("invalid_request", result.Error);
        Assert.Contains("state", result.Parameters["error_description"], StringComparison.Ordinal);
        Assert.Equal(issuer, result.Parameters["iss"]);
        Assert.False(result.Parameters.ContainsKey("state"));
        Assert.Null(result.Code);
    }

    [Theory]
    [InlineData(false, "0oaunknown0000000000", TestSeed.WebRedirectUri)]
    [InlineData(true, "0oaunknown0000000000", TestSeed.WebRedirectUri)]
    [InlineData(false, TestSeed.WebClientId, "https://evil.example/callback")]
    [InlineData(true, TestSeed.WebClientId, "https://evil.example/callback")]
    [InlineData(true, TestSeed.WebClientId, TestSeed.WebRedirectUri + "/extra")]
    [InlineData(true, TestSeed.WebClientId, TestSeed.WebRedirectUri + "?x=1")]
    public async Task UntrustedClientOrRedirectUri_ShowsErrorPageWithoutRedirect(bool orgServer, string clientId, string redirectUri)
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = IssuerFor(orgServer), ClientId = clientId, RedirectUri = redirectUri };

        using var response = await browser.Http.GetAsync(request.Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FormPost_ReturnsAutoSubmittingFormToRedirectUri(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = issuer, ResponseMode = "form_post" };

        var result = await browser.AuthorizeAsync(request);

        Assert.Equal(TestSeed.WebRedirectUri, result.RedirectedTo?.ToString());
        Assert.Equal(request.State, result.Parameters["state"]);
        Assert.Equal(issuer, result.Parameters["iss"]);
        Assert.Contains("submit()", result.PageBody, StringComparison.Ordinal);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Theory]
    [InlineData(false, "response_mode", "fragment", "invalid_request")]
    [InlineData(true, "response_mode", "fragment", "invalid_request")]
    [InlineData(false, "code_challenge_method", "plain", "invalid_request")]
    [InlineData(true, "code_challenge_method", "plain", "invalid_request")]
    [InlineData(false, "response_type", "token", "unsupported_response_type")]
    [InlineData(true, "response_type", "token", "unsupported_response_type")]
    [InlineData(true, "response_type", "code id_token", "unsupported_response_type")]
    [InlineData(false, "scope", "openid nonexistent.scope", "invalid_scope")]
    [InlineData(true, "scope", "openid nonexistent.scope", "invalid_scope")]
    [InlineData(true, "prompt", "select_account", "invalid_request")]
    public async Task UnsupportedParameter_IsAnOAuthErrorWithoutCode(bool orgServer, string name, string value, string error)
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = IssuerFor(orgServer), Extra = new Dictionary<string, string?> { [name] = value } };

        using var response = await browser.Http.GetAsync(request.Url);

        await AssertOAuthErrorAsync(response, error);
    }

    [Fact]
    public async Task OversizedState_IsAnOAuthError()
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.Origin, State = new string('s', 100 * 1024) };

        // OIDC Core §3.1.2.1: the authorization endpoint also takes POST (a URL cannot carry 100 KB).
        using var response = await browser.Http.PostAsync(request.EndpointBase + "/authorize",
            new FormUrlEncodedContent(request.Parameters().Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value!))));

        await AssertOAuthErrorAsync(response, "invalid_request");
        // Never echoed back: the error stays on Gatehouse.
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain(request.State, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnknownScope_IsSentBackToClientWithState(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = issuer, Scope = "openid nonexistent.scope" };

        var result = await browser.AuthorizeAsync(request, username: null);

        // Okta: "#error=invalid_scope&error_description=…" at the redirect URI (okta-reference.md §2).
        Assert.Equal(TestSeed.WebRedirectUri, result.RedirectedTo?.GetLeftPart(UriPartial.Path));
        Assert.Equal("invalid_scope", result.Error);
        Assert.Equal(request.State, result.Parameters["state"]);
        Assert.Equal(issuer, result.Parameters["iss"]);
        Assert.Null(result.Code);
    }

    [Fact]
    public async Task DuplicatedParameter_IsAnOAuthError()
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.Origin };

        using var response = await browser.Http.GetAsync(request.Url + "&client_id=" + TestSeed.RestrictedClientId);

        // RFC 6749 §3.1: request parameters MUST NOT be included more than once.
        await AssertOAuthErrorAsync(response, "invalid_request");
    }

    [Theory]
    [InlineData("/oauth2/nope/v1/authorize")]
    [InlineData("/oauth2/nope/v1/token")]
    [InlineData("/oauth2/default/v2/authorize")]
    public async Task UnknownAuthorizationServer_Is404(string path)
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.Origin };

        using var response = await browser.Http.GetAsync(path + new Uri(request.Url).Query);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>
    /// An OAuth error either sent back to the verified redirect URI or shown on Gatehouse with a 400; never a
    /// 500, never a code.
    /// </summary>
    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {body}");
        if (response.Headers.Location is { } location)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(TestSeed.WebRedirectUri, location.GetLeftPart(UriPartial.Path));
            var parameters = QueryHelpers.ParseQuery(location.Query.Length > 1 ? location.Query : location.Fragment.TrimStart('#'));
            Assert.Equal(error, parameters["error"].ToString());
            Assert.False(parameters.ContainsKey("code"));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(error, body, StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"code\"", body, StringComparison.Ordinal);
        }
    }
}
