using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Discovery;

/// <summary>
/// OpenID Connect Discovery 1.0 / RFC 8414 per authorization server in Okta's layout (okta-reference.md §2), as the
/// OIDF oidcc-discovery-endpoint-verification module checks it, advertising only what Gatehouse implements.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class DiscoveryTests(GatehouseServerFixture fixture)
{
    private static readonly string[] PrivateKeyParameters = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenIdConfiguration_IssuerAndEndpointsFollowOktaLayout(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        var endpoints = orgServer ? Server.Origin + "/oauth2/v1" : Server.DefaultIssuer + "/v1";
        using var http = Server.CreateClient();

        var response = await http.GetAsync(issuer + "/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(issuer, document.GetProperty("issuer").GetString());
        Assert.False(document.GetProperty("issuer").GetString()!.EndsWith('/'));
        Assert.Equal(endpoints + "/authorize", document.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(endpoints + "/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal(endpoints + "/userinfo", document.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(endpoints + "/keys", document.GetProperty("jwks_uri").GetString());
        Assert.Equal(endpoints + "/logout", document.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(endpoints + "/introspect", document.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(endpoints + "/revoke", document.GetProperty("revocation_endpoint").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenIdConfiguration_AdvertisesOnlyImplementedFeatures(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var http = Server.CreateClient();

        var document = JsonDocument.Parse(await http.GetStringAsync(issuer + "/.well-known/openid-configuration")).RootElement;

        Assert.Equal(["code"], Strings(document, "response_types_supported"));
        Assert.Equal(["form_post", "query"], Strings(document, "response_modes_supported").Order());
        Assert.Equal(["S256"], Strings(document, "code_challenge_methods_supported"));
        Assert.Equal(["RS256"], Strings(document, "id_token_signing_alg_values_supported"));
        Assert.Equal(["public"], Strings(document, "subject_types_supported"));
        Assert.True(document.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.False(document.TryGetProperty("pushed_authorization_request_endpoint", out _));
        Assert.False(document.TryGetProperty("require_pushed_authorization_requests", out var requirePar) && requirePar.GetBoolean());
        Assert.False(document.TryGetProperty("device_authorization_endpoint", out _));

        var grants = Strings(document, "grant_types_supported");
        Assert.Contains("authorization_code", grants);
        Assert.Contains("refresh_token", grants);
        Assert.DoesNotContain("implicit", grants);
        Assert.DoesNotContain("password", grants);
        Assert.Equal(!orgServer, grants.Contains("client_credentials"));

        var scopes = Strings(document, "scopes_supported");
        Assert.Contains("openid", scopes);
        Assert.Equal(!orgServer, scopes.Contains(TestSeed.CustomScope));
        Assert.Contains("client_secret_basic", Strings(document, "token_endpoint_auth_methods_supported"));
        Assert.Contains("client_secret_post", Strings(document, "token_endpoint_auth_methods_supported"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenIdConfiguration_AcceptsOktaClientIdParameterAndIgnoresForwardedHost(bool orgServer)
    {
        // okta-reference.md §2: both discovery documents accept an optional ?client_id=. No proxy is configured, so
        // X-Forwarded-Host must not change the issuer either.
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, issuer + "/.well-known/openid-configuration?client_id=" + TestSeed.WebClientId);
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("evil.example", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(issuer, JsonDocument.Parse(body).RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task OAuthAuthorizationServerMetadata_ExistsOnCustomServerOnly()
    {
        using var http = Server.CreateClient();

        var custom = await http.GetAsync(Server.DefaultIssuer + "/.well-known/oauth-authorization-server");
        var org = await http.GetAsync(Server.Origin + "/.well-known/oauth-authorization-server");

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        var document = JsonDocument.Parse(await custom.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Server.DefaultIssuer, document.GetProperty("issuer").GetString());
        Assert.Equal(Server.DefaultIssuer + "/v1/token", document.GetProperty("token_endpoint").GetString());
        // okta-reference.md §2: ".well-known/oauth-authorization-server exists only on custom authorization servers".
        Assert.Equal(HttpStatusCode.NotFound, org.StatusCode);
    }

    [Fact]
    public async Task Jwks_EachIssuerPublishesItsOwnPublicRs256Keys()
    {
        using var http = Server.CreateClient();

        var org = await KeysAsync(http, Server.Origin + "/oauth2/v1/keys");
        var custom = await KeysAsync(http, Server.DefaultIssuer + "/v1/keys");

        Assert.NotEmpty(org);
        Assert.NotEmpty(custom);
        foreach (var key in org.Concat(custom))
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("RS256", key.GetProperty("alg").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.False(string.IsNullOrEmpty(key.GetProperty("n").GetString()));
            Assert.False(string.IsNullOrEmpty(key.GetProperty("e").GetString()));
            Assert.All(PrivateKeyParameters, name => Assert.False(key.TryGetProperty(name, out _), $"private parameter '{name}' published"));
        }

        var orgKids = org.Select(key => key.GetProperty("kid").GetString()).ToHashSet();
        var customKids = custom.Select(key => key.GetProperty("kid").GetString()).ToHashSet();
        Assert.Empty(orgKids.Intersect(customKids));
        var orgModuli = org.Select(key => key.GetProperty("n").GetString()).ToHashSet();
        Assert.DoesNotContain(custom, key => orgModuli.Contains(key.GetProperty("n").GetString()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Jwks_IsTheOneDiscoveryPoints(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var http = Server.CreateClient();
        var document = JsonDocument.Parse(await http.GetStringAsync(issuer + "/.well-known/openid-configuration")).RootElement;

        var response = await http.GetAsync(document.GetProperty("jwks_uri").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray());
    }

    [Theory]
    [InlineData("/oauth2/nope/.well-known/openid-configuration")]
    [InlineData("/oauth2/nope/.well-known/oauth-authorization-server")]
    [InlineData("/oauth2/nope/v1/keys")]
    [InlineData("/oauth2/nope/v1/authorize")]
    [InlineData("/oauth2/nope/v1/logout")]
    [InlineData("/oauth2/default/v1/nope")]
    public async Task UnknownAuthorizationServerOrEndpoint_Is404(string path)
    {
        using var http = Server.CreateClient();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("\"issuer\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/oauth2/default/.well-known/openid-configuration")]
    [InlineData("/oauth2/v1/keys")]
    [InlineData("/oauth2/default/v1/authorize?client_id=x")]
    public async Task SpoofedHostHeader_IsRejectedAndNeverBecomesTheIssuer(string path)
    {
        // Raw HTTP/1.1 over TLS validated for 127.0.0.1: HttpClient would send the Host header as SNI and validate
        // the certificate against it, and validation is never switched off here.
        var response = await RawGetAsync(path, host: "evil.example");

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", response, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r\nLocation:", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RawRequest_WithTheRealHost_Succeeds()
    {
        // The control for the spoofed-host test: the same raw request with the configured host is served.
        var response = await RawGetAsync("/.well-known/openid-configuration", host: $"127.0.0.1:{Server.Port}");

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal(Server.Origin, JsonDocument.Parse(body).RootElement.GetProperty("issuer").GetString());
    }

    private async Task<string> RawGetAsync(string path, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { Server.CaCertificate },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        var request = $"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static List<string> Strings(JsonElement document, string name) =>
        [.. document.GetProperty(name).EnumerateArray().Select(value => value.GetString()!)];

    private static async Task<List<JsonElement>> KeysAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().Select(key => key.Clone())];
    }
}
