using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// Okta's request framing on <c>/api/v1</c> (okta-reference.md §3): a POST or PUT without a body must send
/// <c>Content-Length: 0</c> (else 411), and bodies are JSON (else 415); both with Okta's E0000003.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class ApiRequestFramingTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData("POST", "/api/v1/trustedOrigins")]
    [InlineData("PUT", "/api/v1/groups/00gDoesNotExist0000000")]
    [InlineData("POST", "/api/v1/users/00uDoesNotExist0000000/lifecycle/activate")]
    public async Task Api_PostOrPutWithoutContentLengthIs411(string method, string path)
    {
        var (status, body) = await SendRawAsync($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{Server.Port}\r\n"
            + $"Authorization: SSWS {TestSeed.ApiToken}\r\nAccept: application/json\r\nConnection: close\r\n\r\n");

        Assert.Equal(411, status);
        Assert.Contains("\"errorCode\":\"E0000003\"", body, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_PostWithContentLengthZeroIsAccepted()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await api.PostAsync("/api/v1/trustedOrigins", TrustedOriginsApiTests.Body("Framing", TrustedOriginsApiTests.UniqueOrigin(), "CORS")))["id"]!;
        var path = $"/api/v1/trustedOrigins/{id}/lifecycle/deactivate";

        var (status, body) = await SendRawAsync($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{Server.Port}\r\n"
            + $"Authorization: SSWS {TestSeed.ApiToken}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        Assert.Contains("\"status\":\"INACTIVE\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_HttpClientPostWithoutContentIsAccepted()
    {
        // HttpClient sends Content-Length: 0 for a POST without content, as Okta asks clients to.
        using var api = new ManagementApiClient(Server);
        var id = (await api.PostAsync("/api/v1/trustedOrigins", TrustedOriginsApiTests.Body("Framing", TrustedOriginsApiTests.UniqueOrigin(), "CORS")))["id"]!;

        var response = await api.SendAsync(HttpMethod.Post, $"/api/v1/trustedOrigins/{id}/lifecycle/deactivate");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonp")]
    [InlineData(null)]
    public async Task Api_BodyThatIsNotJsonIs415E0000003(string? contentType)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trustedOrigins")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\":\"x\",\"origin\":\"https://x.example\",\"scopes\":[{\"type\":\"CORS\"}]}")),
        };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Headers.Authorization = new("SSWS", TestSeed.ApiToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("\"errorCode\":\"E0000003\"", body, StringComparison.Ordinal);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/vnd.okta+json")]
    public async Task Api_JsonMediaTypesAreAccepted(string contentType)
    {
        using var http = Server.CreateClient();
        var origin = TrustedOriginsApiTests.UniqueOrigin();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trustedOrigins")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"name\":\"Json\",\"origin\":\"{origin}\",\"scopes\":[{{\"type\":\"CORS\"}}]}}")),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Authorization = new("SSWS", TestSeed.ApiToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_EmptyBodyWhereOneIsRequiredIs400E0000003()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/trustedOrigins", string.Empty);

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Theory]
    [InlineData("/oauth2/default/v1/token")]
    [InlineData("/api/v1/groups")]
    public async Task Form_TruncatedMultipartBodyIsNot500(string path)
    {
        // Found here: the multipart reader's IOException for a body without its closing boundary was a 500.
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb") };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        request.Headers.Authorization = new("SSWS", TestSeed.ApiToken);

        using var response = await http.SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.UnsupportedMediaType, $"{path}: {response.StatusCode}");
    }

    /// <summary>A request HttpClient cannot send (no Content-Length on a POST), over TLS trusting only Gatehouse's CA.</summary>
    private async Task<(int Status, string Body)> SendRawAsync(string request)
    {
        using var ca = Server.CaCertificate;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { ca },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
