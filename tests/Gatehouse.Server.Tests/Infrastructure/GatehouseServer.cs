using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

using Gatehouse.Server.Hosting;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>
/// A real Gatehouse on Kestrel over HTTPS on 127.0.0.1, with its own data directory and a fake clock. Clients
/// trust the server's local CA as a custom root: certificate validation is never switched off.
/// </summary>
public sealed class GatehouseServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly TestDatabase _database;
    private bool _ownsDatabase = true;
    private WebApplication? _app;

    private GatehouseServer(string dataDirectory, int port, FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? configureServices, TestDatabase database)
    {
        _database = database;
        _configureServices = configureServices;
        DataDirectory = dataDirectory;
        Port = port;
        Clock = clock;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string DataDirectory { get; }

    /// <summary>SQLite in the data directory, or a PostgreSQL database of its own (GATEHOUSE_TEST_POSTGRES).</summary>
    public TestDatabase Database => _database;

    public int Port { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>The org server's issuer: exactly the origin.</summary>
    public string Origin => $"https://127.0.0.1:{Port}";

    public string DefaultIssuer => Origin + "/oauth2/default";

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    public X509Certificate2 CaCertificate => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(DataDirectory, "tls", "ca.pem"));

    /// <param name="settings">Extra configuration (for example <c>Gatehouse:LockoutMaxFailedAttempts</c>), kept across restarts.</param>
    /// <param name="configureServices">Runs after the fake clock is registered (for example to decorate a service), at every start.</param>
    public static async Task<GatehouseServer> StartAsync(string? seedJson = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "seed.json"), seedJson ?? TestSeed.Json());
        // Whole milliseconds: PostgreSQL keeps dates to the microsecond, so a test comparing a stored date with the
        // clock sees the same value on both stores.
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)));
        var server = new GatehouseServer(dataDirectory, TestPorts.Next(), clock, settings, configureServices, await TestDatabase.CreateAsync());
        await server.StartAsync();
        return server;
    }

    /// <summary>
    /// One node of several sharing <paramref name="database"/> and <paramref name="clock"/> (NodeCluster): its own data
    /// directory and port; <paramref name="prepare"/> fills the data directory before the start (shared TLS material).
    /// The database stays when the node is disposed.
    /// </summary>
    public static async Task<GatehouseServer> StartNodeAsync(TestDatabase database, FakeTimeProvider clock, IReadOnlyDictionary<string, string?> settings, Action<string> prepare, string? seedJson = null)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "seed.json"), seedJson ?? TestSeed.Json());
        prepare(dataDirectory);
        var server = new GatehouseServer(dataDirectory, TestPorts.Next(), clock, settings, null, database) { _ownsDatabase = false };
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same data directory and port.</summary>
    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gatehouse:DataDirectory"] = DataDirectory,
            ["Gatehouse:Urls"] = Origin,
            ["Gatehouse:SeedFile"] = Path.Combine(DataDirectory, "seed.json"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _database.Settings.Concat(_settings))
        {
            settings[key] = value;
        }

        _app = GatehouseApplication.Build(settings, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            _configureServices?.Invoke(services);
        });
        await _app.Services.GetRequiredService<GatehouseInitializer>().InitializeAsync(CancellationToken.None);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>An HTTP client that trusts only Gatehouse's CA, keeps cookies and never follows redirects.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null) => new(CreateHandler(cookies)) { BaseAddress = new Uri(Origin) };

    public SocketsHttpHandler CreateHandler(CookieContainer? cookies = null)
    {
        var ca = CaCertificate;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    // The local CA publishes no revocation list.
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing request; the temp folder is cleaned by the OS.
        }
    }
}
