using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Hosting;

/// <summary>
/// TLS terminated at a proxy (docs/deployment.md): Gatehouse listens on plain HTTP and believes X-Forwarded-Proto
/// and X-Forwarded-For only from <c>TrustedProxies</c>. The issuer stays the configured public origin.
/// </summary>
public sealed class TrustedProxyTests
{
    private const string PublicOrigin = "https://id.example.test";

    [Fact]
    public async Task BehindATrustedProxy_ForwardedHttpsIsServedWithThePublicIssuerAndTheClientsAddressIsLogged()
    {
        var port = TestPorts.Next();
        await using var server = await StartBehindProxyAsync(port, trustedProxy: "127.0.0.1");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var discovery = await SendAsync(http, HttpMethod.Get, "/oauth2/default/.well-known/openid-configuration", forwardedProto: "https");
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        var document = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(PublicOrigin + "/oauth2/default", document.GetProperty("issuer").GetString());
        Assert.Equal(PublicOrigin + "/oauth2/default/v1/token", document.GetProperty("token_endpoint").GetString());

        using var grant = await SendAsync(http, HttpMethod.Post, "/oauth2/default/v1/token", forwardedProto: "https", forwardedFor: "203.0.113.7", ClientCredentials());
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);

        // Plain HTTP that the proxy did not vouch for is refused, as it would be without a proxy.
        using var plain = await SendAsync(http, HttpMethod.Post, "/oauth2/default/v1/token", forwardedProto: null, forwardedFor: null, ClientCredentials());
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal("invalid_request", JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        using var logs = await SendAsync(http, HttpMethod.Get, "/api/v1/logs?filter=" + Uri.EscapeDataString("eventType eq \"app.oauth2.as.token.grant.access_token\""), forwardedProto: "https");
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        var addresses = JsonDocument.Parse(await logs.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(logEvent => logEvent.GetProperty("client").GetProperty("ipAddress").GetString()).ToList();
        Assert.Contains("203.0.113.7", addresses);
    }

    [Fact]
    public async Task ForwardedHeadersFromAnUntrustedAddress_AreIgnored()
    {
        var port = TestPorts.Next();
        await using var server = await StartBehindProxyAsync(port, trustedProxy: "10.9.9.0/24");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var grant = await SendAsync(http, HttpMethod.Post, "/oauth2/default/v1/token", forwardedProto: "https", forwardedFor: "203.0.113.7", ClientCredentials());

        Assert.Equal(HttpStatusCode.BadRequest, grant.StatusCode);
        Assert.Equal("invalid_request", JsonDocument.Parse(await grant.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private static Task<GatehouseServer> StartBehindProxyAsync(int port, string trustedProxy) =>
        GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gatehouse:Urls"] = $"http://127.0.0.1:{port}",
            ["Gatehouse:PublicOrigin"] = PublicOrigin,
            ["Gatehouse:TrustedProxies:0"] = trustedProxy,
        });

    private static FormUrlEncodedContent ClientCredentials() => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["scope"] = TestSeed.CustomScope,
    });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? forwardedProto, string? forwardedFor = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        request.Headers.Authorization = path.StartsWith("/api/", StringComparison.Ordinal)
            ? new AuthenticationHeaderValue("SSWS", TestSeed.ApiToken)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestSeed.ServiceClientId}:{TestSeed.ServiceClientSecret}")));
        return await http.SendAsync(request);
    }
}
