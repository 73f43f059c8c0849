using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

using Gatehouse.Server.Hosting;
using Gatehouse.Server.Hosting.Caching;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Server.Tests.Nodes;

/// <summary>
/// Gatehouse nodes as docs/deployment.md runs them (ADR 0012): one PostgreSQL database, one public origin (the load
/// balancer's, so one issuer), every node with its own data directory and listen port, given the same key-encryption
/// certificate and TLS certificate by the operator. There is no load balancer process: a client's connections are
/// routed to a node by its <see cref="SocketsHttpHandler.ConnectCallback"/> — what a TCP load balancer does — while
/// its URLs, Host header, TLS name and cookies stay the public origin's. The in-process nodes share one fake clock
/// (nodes keep time with NTP); advancing it runs every node's timers.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    public const string Category = "TwoNodes";

    private readonly List<GatehouseServer> _nodes = [];

    private NodeCluster(TestDatabase database, string sharedDirectory)
    {
        Database = database;
        SharedDirectory = sharedDirectory;
        PublicOrigin = $"https://127.0.0.1:{TestPorts.Next()}";
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)));
    }

    public TestDatabase Database { get; }

    /// <summary>What the operator gives every node: the key-encryption certificate and the TLS material.</summary>
    public string SharedDirectory { get; }

    /// <summary>The load balancer's origin: every node's issuer. Nothing listens here; clients are routed to a node.</summary>
    public string PublicOrigin { get; }

    public string DefaultIssuer => PublicOrigin + "/oauth2/default";

    public FakeTimeProvider Clock { get; }

    public string KeyEncryptionCertificatePath => Path.Combine(SharedDirectory, "key-encryption.pfx");

    public string TlsDirectory => Path.Combine(SharedDirectory, "tls");

    /// <summary>The configuration every node gets besides its data directory and listen URL.</summary>
    public IReadOnlyDictionary<string, string?> NodeSettings => new Dictionary<string, string?>
    {
        ["Gatehouse:PublicOrigin"] = PublicOrigin,
        ["Gatehouse:KeyEncryptionCertificatePath"] = KeyEncryptionCertificatePath,
    };

    /// <summary>The two-node tests run on PostgreSQL only, and fail (never pass silently) without it.</summary>
    public static async Task<NodeCluster> CreateAsync()
    {
        if (!TestDatabase.IsPostgres)
        {
            throw new InvalidOperationException(
                $"The two-node tests (Category={Category}) need PostgreSQL: set {TestDatabase.PostgresVariable} to a connection string "
                + $"(test.sh does, in its PostgreSQL pass; its SQLite pass runs with --filter \"Category!={Category}\").");
        }

        var shared = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shared);
        return new NodeCluster(await TestDatabase.CreateAsync(), shared);
    }

    /// <summary>
    /// Starts an in-process node. The first node to start creates the key-encryption certificate (at the shared path)
    /// and the local CA and TLS certificate, which are then copied to the shared directory for the next nodes.
    /// </summary>
    /// <param name="keyEncryptionCertificatePath">Another certificate than the cluster's (a misconfigured node).</param>
    public async Task<GatehouseServer> StartNodeAsync(string? keyEncryptionCertificatePath = null)
    {
        var settings = new Dictionary<string, string?>(NodeSettings);
        if (keyEncryptionCertificatePath is not null)
        {
            settings["Gatehouse:KeyEncryptionCertificatePath"] = keyEncryptionCertificatePath;
        }

        var node = await GatehouseServer.StartNodeAsync(Database, Clock, settings, PrepareDataDirectory);
        _nodes.Add(node);
        if (!Directory.Exists(TlsDirectory))
        {
            CopyDirectory(Path.Combine(node.DataDirectory, "tls"), TlsDirectory);
        }

        return node;
    }

    /// <summary>Copies the shared TLS material into a new node's data directory (when the first node made it).</summary>
    public void PrepareDataDirectory(string dataDirectory)
    {
        if (Directory.Exists(TlsDirectory))
        {
            CopyDirectory(TlsDirectory, Path.Combine(dataDirectory, "tls"));
        }
    }

    /// <summary>A client of the public origin whose connections go to the port <paramref name="route"/> gives at connect time.</summary>
    public HttpClient CreateClient(Func<int> route, CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(TlsDirectory, "ca.pem"));
        var handler = new SocketsHttpHandler
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
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, route(), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(PublicOrigin), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient CreateClient(GatehouseServer node, CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return CreateClient(() => node.Port, cookies);
    }

    /// <summary>
    /// Advances the shared clock by one <see cref="GatehouseOptions.ConfigurationPollInterval"/> and waits (on real time,
    /// at most 30 s for a loaded machine) until every node finished a poll that began after this call: the stated
    /// bound, checked without sleeping.
    /// </summary>
    public async Task AdvanceOnePollIntervalAsync()
    {
        var pollers = _nodes.Select(node => node.Services.GetRequiredService<SharedConfigurationPoller>()).ToList();
        var after = pollers.Select(poller => poller.StartedPolls).ToList();
        Clock.Advance(_nodes[0].Services.GetRequiredService<IOptions<GatehouseOptions>>().Value.ConfigurationPollInterval);
        for (var i = 0; i < pollers.Count; i++)
        {
            while (true)
            {
                var next = pollers[i].NextPollAsync();
                if (pollers[i].CompletedPolls > after[i])
                {
                    break;
                }

                await next.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Database.DisposeAsync();
        try
        {
            Directory.Delete(SharedDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS with the temp folder.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}

/// <summary>Two in-process nodes, A and B, shared by the tests of a class.</summary>
public sealed class NodeClusterFixture : IAsyncLifetime
{
    private NodeCluster? _cluster;

    public NodeCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public GatehouseServer A { get; private set; } = null!;

    public GatehouseServer B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await NodeCluster.CreateAsync();
        A = await _cluster.StartNodeAsync();
        B = await _cluster.StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
