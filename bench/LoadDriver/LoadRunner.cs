using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Bench.LoadDriver;

public sealed record ScenarioResult(
    string Scenario, string? Label, int Concurrency, int Nodes, double Seconds, long Operations, long Errors, double OpsPerSecond,
    double? P50Ms, double? P90Ms, double? P99Ms, double? ServerCpuSeconds, double? ServerCpuMsPerOp,
    double? DatabaseCpuSeconds, double? DatabaseCpuMsPerOp, IReadOnlyList<string> SampleErrors);

/// <summary>Runs each scenario for a fixed time with a fixed number of concurrent workers (a closed loop).</summary>
public static class LoadRunner
{
    private const int MaxSampleErrors = 5;

    /// <summary>
    /// A client that trusts only the given CA (never switches validation off), keeps connections alive and no cookies.
    /// With <paramref name="node"/>, every connection goes to that node's host and port whatever the request's URL
    /// (whose host still names the TLS certificate and goes in the Host header), as through a TCP load balancer.
    /// </summary>
    public static HttpClient CreateHttpClient(string caFile, Uri? node = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = node is null ? null : async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(node.DnsSafeHost, node.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    // Bench CAs publish no revocation list.
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(DriverOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        // One connection pool per node; worker w uses node w mod n.
        List<HttpClient> https = options.Nodes.Count == 0 ? [CreateHttpClient(options.CaFile)] : [.. options.Nodes.Select(node => CreateHttpClient(options.CaFile, node))];
        try
        {
            var metadata = await ProviderMetadata.LoadAsync(https[0], options.Issuer, cancellationToken);
            var clients = https.Select(http => new OidcClient(http, options, metadata)).ToList();
            return await RunScenariosAsync(clients, options, log, cancellationToken);
        }
        finally
        {
            https.ForEach(http => http.Dispose());
        }
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunScenariosAsync(List<OidcClient> clients, DriverOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        foreach (var name in options.Scenarios)
        {
            var result = await RunScenarioAsync(Scenario.Get(name, options), clients, options, cancellationToken);
            await log.WriteLineAsync($"{options.Label} {result.Scenario}: {result.OpsPerSecond:F1} ops/s, {result.Errors} errors, " +
                $"p50 {result.P50Ms:F2} ms, p90 {result.P90Ms:F2} ms, p99 {result.P99Ms:F2} ms, server CPU {result.ServerCpuMsPerOp:F3} ms/op" +
                (result.DatabaseCpuMsPerOp is { } database ? $", database CPU {database:F3} ms/op" : "") +
                (result.SampleErrors.Count > 0 ? $"; first error: {result.SampleErrors[0]}" : ""));
            results.Add(result);
        }

        return results;
    }

    private static async Task<ScenarioResult> RunScenarioAsync(Scenario scenario, List<OidcClient> clients, DriverOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        long errorCount = 0;
        var operations = new Func<CancellationToken, Task>[options.Concurrency];
        for (var worker = 0; worker < options.Concurrency; worker++)
        {
            operations[worker] = await scenario.CreateWorkerAsync(clients[worker % clients.Count], worker, cancellationToken);
        }

        // Warm-up: the same loop, not recorded (JIT, connection pool, caches).
        await RunLoopsAsync(operations, options.Warmup, null, cancellationToken);

        var cpuBefore = ServerCpuSeconds(options);
        var databaseCpuBefore = DatabaseCpuSeconds(options);
        var clock = Stopwatch.StartNew();
        var latencies = await RunLoopsAsync(operations, options.Duration, error =>
        {
            lock (errors)
            {
                errorCount++;
                if (errors.Count < MaxSampleErrors)
                {
                    errors.Add(error.GetType().Name + ": " + error.Message);
                }
            }
        }, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = ServerCpuSeconds(options) - cpuBefore;
        var databaseCpu = DatabaseCpuSeconds(options) - databaseCpuBefore;

        var all = latencies.SelectMany(list => list).Order().ToArray();
        // Null when nothing succeeded (JSON has no NaN).
        double? Percentile(double p) => all.Length == 0 ? null : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new ScenarioResult(scenario.Name, options.Label, options.Concurrency, clients.Count, seconds, all.Length, errorCount, all.Length / seconds,
            Percentile(0.50), Percentile(0.90), Percentile(0.99), cpu, cpu is { } used && all.Length > 0 ? used * 1000 / all.Length : null,
            databaseCpu, databaseCpu is { } database && all.Length > 0 ? database * 1000 / all.Length : null, errors);
    }

    /// <summary>The CPU seconds of every server process (all nodes) so far; null without any.</summary>
    private static double? ServerCpuSeconds(DriverOptions options) =>
        options.ServerPids.Count == 0 ? null : options.ServerPids.Sum(pid => ProcessStats.CpuSeconds(pid, options.ClockTicks));

    private static double? DatabaseCpuSeconds(DriverOptions options) =>
        options.DatabasePid is { } pid ? ProcessStats.TreeCpuSeconds(pid, options.ClockTicks) : null;

    /// <summary>Every worker runs its operation back to back until the time is up; returns each worker's successful latencies (ticks).</summary>
    private static async Task<List<long>[]> RunLoopsAsync(Func<CancellationToken, Task>[] operations, TimeSpan duration, Action<Exception>? onError, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = operations.Select(_ => new List<long>()).ToArray();
        await Task.WhenAll(operations.Select((operation, worker) => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await operation(cancellationToken);
                    latencies[worker].Add(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    onError?.Invoke(error);
                }
            }
        }, cancellationToken)));
        return latencies;
    }
}
