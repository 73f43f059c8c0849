using System.Net;
using System.Net.Sockets;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Headers;

/// <summary>
/// HSTS (RFC 6797) on HTTPS for a real host name, never for loopback hosts (ASP.NET Core's default exclusions), so
/// that http://localhost apps on a developer's machine keep working.
/// </summary>
public sealed class HstsTests
{
    private const string PublicHost = "gatehouse.test";

    [Fact]
    public async Task Hsts_SentForAPublicHostButNotForLoopback()
    {
        // The issuer host is a real name: the server certificate covers it and host filtering allows it.
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gatehouse:PublicOrigin"] = $"https://{PublicHost}",
        });

        using var handler = server.CreateHandler();
        // gatehouse.test resolves nowhere: connect to the server's loopback port, keep the name for Host and TLS.
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        };
        using var http = new HttpClient(handler);

        using var publicResponse = await http.GetAsync($"https://{PublicHost}:{server.Port}/signin?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.OK, publicResponse.StatusCode);
        var hsts = Assert.Single(publicResponse.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal("max-age=31536000", hsts);

        using var discovery = await http.GetAsync($"https://{PublicHost}:{server.Port}/.well-known/openid-configuration");
        Assert.True(discovery.Headers.Contains("Strict-Transport-Security"));

        using var loopback = await http.GetAsync($"{server.Origin}/signin?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.False(loopback.Headers.Contains("Strict-Transport-Security"));
    }
}
