using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Hosting;

/// <summary>What an operator needs after start: the issuers and the CA to trust.</summary>
internal static partial class StartupBanner
{
    public static void Print(WebApplication app, StartupTimings timings)
    {
        var options = app.Services.GetRequiredService<IOptions<GatehouseOptions>>().Value;
        var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
        var origin = options.ResolvePublicOrigin();
        if (Telemetry.TelemetryExtensions.IsJsonLogFormat(app.Configuration))
        {
            // Every stdout line stays one JSON object; the bootstrap token stays out of log pipelines (it is in its
            // owner-only file, whose path is given).
            var bootstrapFile = app.Services.GetRequiredService<Registration.BootstrapToken>() is { Current: not null } pending ? pending.FilePath : null;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.Hosting.StartupBanner");
            var listenUrls = string.Join(", ", options.ListenUrls);
            var started = timings.ToString();
            LogStarted(logger, origin, listenUrls, started, bootstrapFile);
            return;
        }

        Console.WriteLine($"Gatehouse is running.");
        Console.WriteLine($"  Org issuer:     {origin}");
        Console.WriteLine($"  Default issuer: {origin}/oauth2/default");
        Console.WriteLine($"  Admin console:  {origin}/admin");
        Console.WriteLine($"  Listening on:   {string.Join(", ", options.ListenUrls)}");
        Console.WriteLine($"  Started in:     {timings}");
        if (options.TlsCertificatePath is null && File.Exists(dataDirectory.CaCertificatePath))
        {
            Console.WriteLine($"  Local CA:       {dataDirectory.CaCertificatePath}");
            Console.WriteLine($"    trust it with SSL_CERT_FILE / NODE_EXTRA_CA_CERTS or your client's trust-anchor setting.");
        }

        if (app.Services.GetRequiredService<Registration.BootstrapToken>() is { Current: { } token } bootstrap)
        {
            // Shown only while the org has no admin; the same token is in the owner-only file.
            Console.WriteLine($"  No administrator yet. Create one with:");
            Console.WriteLine($"    gatehouse register --org-url {origin} --data-dir {dataDirectory.Path}");
            Console.WriteLine($"  Bootstrap token (one-time, also in {bootstrap.FilePath}): {token}");
        }
    }
}

internal static partial class StartupBanner
{
    [LoggerMessage(Level = LogLevel.Information, EventId = 1, EventName = "Started",
        Message = "Gatehouse is running: issuer {Origin}, listening on {ListenUrls}, started in {Timings}; bootstrap token file {BootstrapTokenFile}")]
    private static partial void LogStarted(ILogger logger, string origin, string listenUrls, string timings, string? bootstrapTokenFile);
}

/// <summary>Where start-up time goes: building the host (TLS and key-encryption material), migrating and seeding, listening.</summary>
internal sealed record StartupTimings(TimeSpan Built, TimeSpan Initialized, TimeSpan Listening)
{
    public override string ToString() =>
        FormattableString.Invariant($"{Listening.TotalMilliseconds:F0} ms (host {Built.TotalMilliseconds:F0} ms, database and seed {(Initialized - Built).TotalMilliseconds:F0} ms, listen {(Listening - Initialized).TotalMilliseconds:F0} ms)");
}
