using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Headers;

/// <summary>
/// CSP and anti-framing headers on every kind of response: Razor pages, error pages, OpenIddict's own responses and
/// its form_post page, whose inline auto-submit script must be allowed (by hash) while no other script is.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed partial class SecurityHeaderTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData("GET", "/signin?returnUrl=%2F")]
    [InlineData("GET", "/error")]
    [InlineData("GET", "/no-such-page")]
    [InlineData("GET", "/.well-known/openid-configuration")]
    [InlineData("GET", "/oauth2/default/v1/keys")]
    [InlineData("GET", "/oauth2/v1/authorize")]
    [InlineData("POST", "/oauth2/v1/token")]
    [InlineData("POST", "/oauth2/default/v1/introspect")]
    public async Task Csp_OnEveryResponseForbidsFramingAndInlineScript(string method, string path)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([]);
        }

        using var response = await http.SendAsync(request);

        var csp = Directives(response);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["base-uri"]);
        // Scripts: only the form_post auto-submit script, by hash; no 'unsafe-inline', no host, no 'self'.
        Assert.Equal(FormPostHashSource(), csp["script-src"]);
        Assert.DoesNotContain("unsafe", csp["style-src"], StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Csp_LayoutStyleIsAllowedByAFreshNoncePerResponse()
    {
        using var http = Server.CreateClient();
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await http.GetAsync("/signin?returnUrl=%2F");
            var html = await response.Content.ReadAsStringAsync();
            var styleNonce = Regex.Match(html, "<style nonce=\"([^\"]+)\">").Groups[1].Value;
            Assert.NotEmpty(styleNonce);
            Assert.Equal($"'self' 'nonce-{styleNonce}'", Directives(response)["style-src"]);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
            nonces.Add(styleNonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FormPost_AutoSubmitScriptIsAllowedByTheCspHash(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var browser = new Browser(Server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = issuer })).Code);

        // With a session, the authorization endpoint answers at once with OpenIddict's form_post page.
        using var response = await browser.Http.GetAsync(new AuthorizeRequest { Issuer = issuer, ResponseMode = "form_post" }.Url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"action=\"{TestSeed.WebRedirectUri}\"", html, StringComparison.Ordinal);
        var scripts = ScriptPattern().Matches(html);
        var script = Assert.Single(scripts);
        // What a browser does: hash the script element's text exactly and look for it in script-src.
        var hash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value))) + "'";
        var csp = Directives(response);
        Assert.Equal(hash, csp["script-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.False(csp.ContainsKey("form-action"), "form-action would stop the post to the client's redirect URI.");
    }

    private static string FormPostHashSource() =>
        "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("document.form.submit();"))) + "'";

    private static Dictionary<string, string> Directives(HttpResponseMessage response)
    {
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        return policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty, StringComparer.Ordinal);
    }

    [GeneratedRegex("<script[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptPattern();
}
