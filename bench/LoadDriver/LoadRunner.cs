using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Bench.LoadDriver;

public sealed record ScenarioResult(
    string Scenario, string? Label, int Concurrency, double Seconds, long Operations, long Errors, double OpsPerSecond,
    double? P50Ms, double? P90Ms, double? P99Ms, double? ServerCpuSeconds, double? ServerCpuMsPerOp, IReadOnlyList<string> SampleErrors);

/// <summary>Runs each scenario for a fixed time with a fixed number of concurrent workers (a closed loop).</summary>
public static class LoadRunner
{
    private const int MaxSampleErrors = 5;

    /// <summary>A client that trusts only the given CA (never switches validation off), keeps connections alive and no cookies.</summary>
    public static HttpClient CreateHttpClient(string caFile)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        var handler = new SocketsHttpHandler
        {
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
        using var http = CreateHttpClient(options.CaFile);
        var metadata = await ProviderMetadata.LoadAsync(http, options.Issuer, cancellationToken);
        var client = new OidcClient(http, options, metadata);
        var results = new List<ScenarioResult>();
        foreach (var name in options.Scenarios)
        {
            var result = await RunScenarioAsync(Scenario.Get(name, options), client, options, cancellationToken);
            await log.WriteLineAsync($"{options.Label} {result.Scenario}: {result.OpsPerSecond:F1} ops/s, {result.Errors} errors, " +
                $"p50 {result.P50Ms:F2} ms, p90 {result.P90Ms:F2} ms, p99 {result.P99Ms:F2} ms, server CPU {result.ServerCpuMsPerOp:F3} ms/op" +
                (result.SampleErrors.Count > 0 ? $"; first error: {result.SampleErrors[0]}" : ""));
            results.Add(result);
        }

        return results;
    }

    private static async Task<ScenarioResult> RunScenarioAsync(Scenario scenario, OidcClient client, DriverOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        long errorCount = 0;
        var operations = new Func<CancellationToken, Task>[options.Concurrency];
        for (var worker = 0; worker < options.Concurrency; worker++)
        {
            operations[worker] = await scenario.CreateWorkerAsync(client, worker, cancellationToken);
        }

        // Warm-up: the same loop, not recorded (JIT, connection pool, caches).
        await RunLoopsAsync(operations, options.Warmup, null, cancellationToken);

        var cpuBefore = options.ServerPid is { } pid ? ProcessStats.CpuSeconds(pid, options.ClockTicks) : (double?)null;
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
        var cpu = options.ServerPid is { } after ? ProcessStats.CpuSeconds(after, options.ClockTicks) - cpuBefore : null;

        var all = latencies.SelectMany(list => list).Order().ToArray();
        // Null when nothing succeeded (JSON has no NaN).
        double? Percentile(double p) => all.Length == 0 ? null : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new ScenarioResult(scenario.Name, options.Label, options.Concurrency, seconds, all.Length, errorCount, all.Length / seconds,
            Percentile(0.50), Percentile(0.90), Percentile(0.99), cpu, cpu is { } used && all.Length > 0 ? used * 1000 / all.Length : null, errors);
    }

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
