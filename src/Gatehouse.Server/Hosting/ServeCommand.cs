using System.CommandLine;

namespace Gatehouse.Server.Hosting;

/// <summary><c>gatehouse serve</c>: runs the server. Each flag has a configuration key (docs/configuration.md).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (database, TLS, keys). Default ./.gatehouse" };
        var urls = new Option<string?>("--urls") { Description = "Listen URLs, ';'-separated. Default https://localhost:8443" };
        var publicOrigin = new Option<string?>("--public-origin") { Description = "Issuer origin. Default: the first listen URL" };
        var seed = new Option<string?>("--seed") { Description = "Seed file applied idempotently at start" };

        var command = new Command("serve", "Run the Gatehouse server.") { dataDir, urls, publicOrigin, seed };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>();
            AddIfSet(settings, nameof(GatehouseOptions.DataDirectory), parseResult.GetValue(dataDir));
            AddIfSet(settings, nameof(GatehouseOptions.Urls), parseResult.GetValue(urls));
            AddIfSet(settings, nameof(GatehouseOptions.PublicOrigin), parseResult.GetValue(publicOrigin));
            AddIfSet(settings, nameof(GatehouseOptions.SeedFile), parseResult.GetValue(seed));

            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var app = GatehouseApplication.Build(settings);
            var built = started.Elapsed;
            await app.Services.GetRequiredService<GatehouseInitializer>().InitializeAsync(cancellationToken);
            var initialized = started.Elapsed;
            await app.StartAsync(cancellationToken);
            StartupBanner.Print(app, new StartupTimings(built, initialized, started.Elapsed));
            // Start-up (migrations, seeding, key generation, model and route building) leaves garbage that a steady
            // server never needs again: give the memory back to the OS once instead of holding it while idle.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static void AddIfSet(Dictionary<string, string?> settings, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            settings[$"{GatehouseOptions.SectionName}:{key}"] = value;
        }
    }
}
