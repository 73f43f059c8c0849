using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Operations;

/// <summary>
/// The Prometheus scrape endpoint: off by default, counters that move with low-cardinality labels, no secrets. Alone in
/// the process (<see cref="ProcessWideMetrics"/>): a server's exporter also reads other live servers' meters of the same
/// name, and a server disposed between two scrapes takes its counts with it, so the delta could come out lower than this
/// test's own events — which failed once in CI.
/// </summary>
[Collection(ProcessWideMetrics.Name)]
public sealed partial class PrometheusMetricsTests
{
    private static readonly Dictionary<string, string?> PrometheusOn = new() { ["Gatehouse:Telemetry:PrometheusEnabled"] = "true" };

    [Fact]
    public async Task Metrics_SignInsAndTokenGrants_CountedWithLabelsAndNoSecrets()
    {
        await using var server = await GatehouseServer.StartAsync(settings: PrometheusOn);
        using var http = server.CreateClient();
        var before = Parse(await ScrapeAsync(http));

        using var browser = new Browser(server);
        var failed = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = server.DefaultIssuer }, TestSeed.Alice, "Not-Her-Password-1");
        Assert.Equal(HttpStatusCode.Unauthorized, failed.PageStatus);
        var request = new AuthorizeRequest { Issuer = server.DefaultIssuer };
        var result = await browser.AuthorizeAsync(request);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var client = new TokenClient(http);
        var granted = await client.ClientCredentialsAsync(server.DefaultIssuer + "/v1", TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        var refused = await client.ClientCredentialsAsync(server.DefaultIssuer + "/v1", TestSeed.CustomScope, clientSecret: "wrong-secret-0123456789abcdefghijklmnop");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);

        var text = await ScrapeAsync(http);
        var after = Parse(text);
        // At least this test's own events (a meter of the same name may have outlived its server).
        Assert.True(Delta(before, after, "gatehouse_sign_ins_total", "outcome=\"success\"", "reason=\"none\"") >= 1, text);
        Assert.True(Delta(before, after, "gatehouse_sign_ins_total", "outcome=\"failure\"", "reason=\"invalid_credentials\"") >= 1, text);
        Assert.True(Delta(before, after, "gatehouse_token_requests_total", "grant_type=\"authorization_code\"", "outcome=\"success\"") >= 1, text);
        Assert.True(Delta(before, after, "gatehouse_token_requests_total", "grant_type=\"client_credentials\"", "outcome=\"success\"", "error=\"none\"") >= 1, text);
        Assert.True(Delta(before, after, "gatehouse_token_requests_total", "grant_type=\"client_credentials\"", "outcome=\"failure\"", "error=\"invalid_client\"") >= 1, text);
        // Token latency by grant type: ASP.NET Core's request duration histogram, tagged at the token endpoint.
        Assert.True(Delta(before, after, "http_server_request_duration_seconds_count", "gatehouse_grant_type=\"client_credentials\"") >= 2, text);

        foreach (var secret in new[]
        {
            TestSeed.Alice, TestSeed.AlicePassword, "Not-Her-Password-1", TestSeed.ServiceClientSecret, TestSeed.ServiceClientId,
            TestSeed.WebClientSecret, TestSeed.WebClientId, result.Code!, tokens["access_token"]!, granted["access_token"]!,
        })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_DisabledByDefault_NotServed()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var http = server.CreateClient();

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sums the samples of a metric whose labels contain every given <c>name="value"</c>.</summary>
    private static double Delta(List<Sample> before, List<Sample> after, string metric, params string[] labels) =>
        Sum(after, metric, labels) - Sum(before, metric, labels);

    private static double Sum(List<Sample> samples, string metric, string[] labels) =>
        samples.Where(sample => sample.Name == metric && labels.All(label => sample.Labels.Contains(label, StringComparison.Ordinal))).Sum(sample => sample.Value);

    private static List<Sample> Parse(string text) =>
        [.. text.Split('\n').Select(line => SampleLine().Match(line)).Where(match => match.Success)
            .Select(match => new Sample(match.Groups["name"].Value, match.Groups["labels"].Value, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)( \d+)?$")]
    private static partial Regex SampleLine();

    private sealed record Sample(string Name, string Labels, double Value);
}

/// <summary>Tests that read the process-wide meters run after every parallel test, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "Process-wide metrics";
}
