using System.Net;
using System.Net.Sockets;

using Gatehouse.Bench.LoadDriver;
using Gatehouse.Server.Hosting;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Bench.Microbenchmarks;

/// <summary>The real Gatehouse (Kestrel, HTTPS on loopback, SQLite in a temp folder) seeded with a few bench users.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(WebApplication app, string dataDirectory, DriverOptions options)
    {
        App = app;
        DataDirectory = dataDirectory;
        Options = options;
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public DriverOptions Options { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BenchHost> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-microbench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var options = new DriverOptions { Issuer = new Uri($"https://127.0.0.1:{port}/oauth2/default"), CaFile = Path.Combine(dataDirectory, "tls", "ca.pem"), UserCount = 3 };
        var seed = Path.Combine(dataDirectory, "seed.json");
        BenchSeed.Write(seed, BenchSeed.GatehouseSeed(options, BenchSeed.IdentityV3Hash(options.Password)));
        var app = GatehouseApplication.Build(new Dictionary<string, string?>
        {
            ["Gatehouse:DataDirectory"] = dataDirectory,
            ["Gatehouse:Urls"] = $"https://127.0.0.1:{port}",
            ["Gatehouse:SeedFile"] = seed,
            ["Gatehouse:RateLimits:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.Services.GetRequiredService<GatehouseInitializer>().InitializeAsync(CancellationToken.None);
        await app.StartAsync();
        return new BenchHost(app, dataDirectory, options);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temp folder is cleaned by the OS.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
