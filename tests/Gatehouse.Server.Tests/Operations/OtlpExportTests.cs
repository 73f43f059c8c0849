using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Operations;

/// <summary>OTLP/HTTP export to a collector: a minimal receiver on 127.0.0.1 records what the server posts.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Otlp_Configured_ExportsTracesAndMetricsToCollector()
    {
        using var collector = new OtlpReceiver();
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gatehouse:Telemetry:OtlpEndpoint"] = collector.BaseAddress,
            ["Gatehouse:Telemetry:OtlpProtocol"] = "http/protobuf",
            // Scraping is on too but for another network: loopback clients get the 404 of a missing endpoint.
            ["Gatehouse:Telemetry:PrometheusEnabled"] = "true",
            ["Gatehouse:Telemetry:PrometheusAllowedNetworks:0"] = "10.0.0.0/8",
        });
        using var http = server.CreateClient();
        var granted = await new TokenClient(http).ClientCredentialsAsync(server.DefaultIssuer + "/v1", TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        using (var scrape = await http.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        }

        // Stopping flushes the batch span processor and the periodic metric reader: no waiting for an export interval.
        await server.StopAsync();

        var traces = collector.Bodies("/v1/traces");
        var metrics = collector.Bodies("/v1/metrics");
        Assert.NotEmpty(traces);
        Assert.NotEmpty(metrics);
        // Protobuf keeps strings as UTF-8: the service, the token request's span and the instrument are readable.
        Assert.Contains("gatehouse", traces, StringComparison.Ordinal);
        Assert.Contains("/oauth2/default/v1/token", traces, StringComparison.Ordinal);
        Assert.Contains("gatehouse.token.requests", metrics, StringComparison.Ordinal);
        Assert.Contains("client_credentials", metrics, StringComparison.Ordinal);
        foreach (var secret in new[] { TestSeed.ServiceClientSecret, granted["access_token"]! })
        {
            Assert.DoesNotContain(secret, traces, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }
    }

    /// <summary>Accepts OTLP/HTTP posts (any signal) and answers 200 with an empty protobuf message.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
        private readonly Task _loop;

        public OtlpReceiver()
        {
            var port = TestPorts.Next();
            BaseAddress = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseAddress);
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public string BaseAddress { get; }

        public string Bodies(string path) =>
            string.Join('\n', _received.Where(item => item.Path == path).Select(item => Encoding.UTF8.GetString(item.Body)));

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _loop;
        }

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
