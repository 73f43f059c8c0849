using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.Conformance;

/// <summary>
/// OAuth 2.0 Security BCP (RFC 9700) items that no other test holds yet; docs/conformance.md maps every item to
/// its test.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class SecurityBcpTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PasswordGrant_IsNeitherAdvertisedNorAccepted(bool orgServer)
    {
        // RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used.
        var request = new AuthorizeRequest { Issuer = orgServer ? Server.Origin : Server.DefaultIssuer };
        using var http = Server.CreateClient();
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(request.Issuer + "/.well-known/openid-configuration"));

        var response = await new TokenClient(http).PostAsync(request.EndpointBase + "/token", TestSeed.WebClientId, TestSeed.WebClientSecret, false, new()
        {
            ["grant_type"] = "password",
            ["username"] = TestSeed.Alice,
            ["password"] = TestSeed.AlicePassword,
            ["scope"] = "openid",
        });

        Assert.DoesNotContain("password", metadata.RootElement.GetProperty("grant_types_supported").EnumerateArray().Select(grant => grant.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unsupported_grant_type", response["error"]);
        Assert.Null(response["access_token"]);
    }

    [Theory]
    [InlineData(true, "token")]
    [InlineData(false, "token")]
    [InlineData(true, "id_token")]
    [InlineData(false, "id_token")]
    [InlineData(true, "id_token token")]
    [InlineData(false, "id_token token")]
    [InlineData(true, "code token")]
    [InlineData(false, "code id_token")]
    [InlineData(true, "code id_token token")]
    public async Task ImplicitAndHybridResponseTypes_AreNeitherAdvertisedNorAccepted(bool orgServer, string responseType)
    {
        // RFC 9700 §2.1.2: the implicit grant (and hybrid flows issuing tokens in the front channel) SHOULD NOT be used.
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = orgServer ? Server.Origin : Server.DefaultIssuer, ResponseType = responseType };
        using var metadata = JsonDocument.Parse(await browser.Http.GetStringAsync(request.Issuer + "/.well-known/openid-configuration"));

        var result = await browser.AuthorizeAsync(request);

        Assert.Equal(["code"], metadata.RootElement.GetProperty("response_types_supported").EnumerateArray().Select(type => type.GetString()));
        Assert.DoesNotContain("implicit", metadata.RootElement.GetProperty("grant_types_supported").EnumerateArray().Select(grant => grant.GetString()));
        Assert.False(result.Parameters.ContainsKey("access_token"));
        Assert.False(result.Parameters.ContainsKey("id_token"));
        Assert.Empty(result.RedirectedTo?.Fragment ?? string.Empty);
        ConformanceChecks.AssertErrorPageOrErrorAtClient(request, result, "unsupported_response_type");
    }

    [Theory]
    [InlineData(true, "https://app.example.test/authorization-code/callback/")]
    [InlineData(false, "https://APP.example.test/authorization-code/callback")]
    [InlineData(true, "https://app.example.test/Authorization-Code/callback")]
    [InlineData(false, "http://app.example.test/authorization-code/callback")]
    [InlineData(true, "https://app.example.test:443/authorization-code/callback")]
    [InlineData(false, "https://app.example.test/authorization-code/callback#x")]
    [InlineData(true, "https://app.example.test/authorization-code/%63allback")]
    [InlineData(false, "https://app.example.test.evil.example/authorization-code/callback")]
    public async Task RedirectUri_OnlyTheExactRegisteredStringIsAccepted(bool orgServer, string redirectUri)
    {
        // RFC 9700 §4.1.3: redirect URIs are compared by exact string matching; no error is sent to a near miss.
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = orgServer ? Server.Origin : Server.DefaultIssuer, RedirectUri = redirectUri };

        using var response = await browser.Http.GetAsync(request.Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("name=\"code\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AuthorizationResponse_StateUnchangedAndIssuerIdentified(bool orgServer)
    {
        // RFC 9700 §4.7 / RFC 9207: state comes back byte for byte (here with reserved characters) with iss.
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = issuer, State = "a b+c/d?e=f&g=%h~ü" };

        var result = await browser.AuthorizeAsync(request);

        Assert.Equal(request.State, result.Parameters["state"]);
        Assert.Equal(issuer, result.Parameters["iss"]);
        Assert.Equal(request.State, QueryHelpers.ParseQuery(result.RedirectedTo!.Query)["state"].ToString());
    }
}
