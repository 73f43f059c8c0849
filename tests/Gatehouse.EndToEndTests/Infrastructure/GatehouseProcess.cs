using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>
/// The real <c>gatehouse serve</c> as a child process, on https://localhost:&lt;free port&gt; with its own data
/// directory. Clients trust its local CA; certificate validation is never switched off.
/// </summary>
public sealed class GatehouseProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatehouseProcess(Process process, string dataDirectory, int port)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The org authorization server's issuer: exactly the origin.</summary>
    public string Origin => $"https://localhost:{Port}";

    public string CaPath => Path.Combine(DataDirectory, "tls", "ca.pem");

    public string ServerCertificatePath => Path.Combine(DataDirectory, "tls", "server.pem");

    public string ServerKeyPath => Path.Combine(DataDirectory, "tls", "server-key.pem");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<GatehouseProcess> StartAsync(string seedJson)
    {
        var dataDirectory = Repository.NewTempDirectory("gatehouse");
        var seedPath = Path.Combine(dataDirectory, "seed.json");
        await File.WriteAllTextAsync(seedPath, seedJson);
        var port = Repository.FreePort();
        var start = new ProcessStartInfo(Repository.GatehouseExecutable)
        {
            ArgumentList = { "serve", "--data-dir", Path.Combine(dataDirectory, "data"), "--urls", $"https://localhost:{port}", "--seed", seedPath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("gatehouse did not start.");
        var gatehouse = new GatehouseProcess(process, Path.Combine(dataDirectory, "data"), port);
        process.OutputDataReceived += (_, line) => gatehouse.Append(line.Data);
        process.ErrorDataReceived += (_, line) => gatehouse.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await gatehouse.WaitUntilReadyAsync();
        }
        catch
        {
            await gatehouse.DisposeAsync();
            throw;
        }

        return gatehouse;
    }

    /// <summary>An HTTP client that trusts only this Gatehouse's CA.</summary>
    public HttpClient CreateClient() => new(TrustingHandler(CaPath)) { BaseAddress = new Uri(Origin) };

    public static SocketsHttpHandler TrustingHandler(string caPath) => new()
    {
        AllowAutoRedirect = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { X509CertificateLoader.LoadCertificateFromFile(caPath) },
                // The local CA publishes no revocation list.
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Repository.DeleteDirectory(Path.GetDirectoryName(DataDirectory)!);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"gatehouse exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (File.Exists(CaPath) && Repository.IsListening(Port))
            {
                using var client = CreateClient();
                using var response = await client.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"gatehouse was not ready within {StartTimeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
