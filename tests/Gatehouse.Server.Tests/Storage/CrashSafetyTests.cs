using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Xunit.Abstractions;

namespace Gatehouse.Server.Tests.Storage;

/// <summary>
/// Crash safety of the real <c>gatehouse serve</c> process: SIGKILL while sign-ins, code exchanges and refresh-token
/// rotations are in flight, restart on the same data directory, then every write that was acknowledged with a 200
/// is still there and the SQLite database passes <c>PRAGMA integrity_check</c> (WAL + group commit, ADR 0008).
/// On the PostgreSQL run (GATEHOUSE_TEST_POSTGRES) the process uses a database of its own, with the same checks
/// through the server's answers and a count of the token rows.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Workers = 4;

    [Fact]
    public async Task KilledServer_KeepsEveryAcknowledgedWriteAndAnIntactDatabase()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "seed.json"), TestSeed.Json());
        var port = TestPorts.Next();
        var origin = $"https://127.0.0.1:{port}";
        await using var store = await TestDatabase.CreateAsync();
        try
        {
            var accessTokens = new ConcurrentBag<string>();
            var latestRefreshTokens = new ConcurrentDictionary<int, string>();
            // Chains whose newest token was being redeemed when the server died: that rotation may have committed
            // without an answer, which leaves the token redeemed (and, once the reuse grace period has passed, refused).
            var refreshInFlight = new ConcurrentDictionary<int, bool>();
            var acknowledged = 0;

            using (var first = await ServeAsync(dataDirectory, origin, store))
            {
                using var stop = new CancellationTokenSource();
                var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
                {
                    using var http = CreateClient(dataDirectory, origin);
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            var request = new AuthorizeRequest { Issuer = worker % 2 == 0 ? origin : origin + "/oauth2/default", Scope = "openid profile offline_access" };
                            var code = await SignInAsync(dataDirectory, origin, request);
                            var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code);
                            if (tokens.Status != HttpStatusCode.OK)
                            {
                                continue;
                            }

                            Record(worker, tokens);
                            var refreshToken = tokens["refresh_token"]!;
                            for (var rotation = 0; rotation < 5 && !stop.IsCancellationRequested; rotation++)
                            {
                                refreshInFlight[worker] = true;
                                var refreshed = await new TokenClient(http).RefreshAsync(request.EndpointBase, refreshToken);
                                if (refreshed.Status != HttpStatusCode.OK)
                                {
                                    break;
                                }

                                Record(worker, refreshed);
                                refreshInFlight[worker] = false;
                                refreshToken = refreshed["refresh_token"]!;
                            }
                        }
                        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                        {
                            // The kill: whatever was not answered was not acknowledged.
                            return;
                        }
                    }
                })).ToArray();

                // Let writes pile up, then kill mid-flight (Process.Kill is SIGKILL on Unix).
                var deadline = Stopwatch.StartNew();
                while (Volatile.Read(ref acknowledged) < 40 && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(50);
                }

                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
                stop.Cancel();
                await Task.WhenAll(workers);
            }

            output.WriteLine($"{acknowledged} token responses acknowledged before the kill; {accessTokens.Count} access tokens, {latestRefreshTokens.Count} refresh chains.");
            Assert.True(acknowledged > 0, "No write was acknowledged before the kill.");

            using var second = await ServeAsync(dataDirectory, origin, store);
            using (var http = CreateClient(dataDirectory, origin))
            {
                var client = new TokenClient(http);
                foreach (var accessToken in accessTokens)
                {
                    var endpointBase = EndpointBaseOf(accessToken, origin);
                    var introspection = await client.IntrospectAsync(endpointBase, accessToken);
                    Assert.True(introspection.Status == HttpStatusCode.OK && introspection.Json.GetProperty("active").GetBoolean(), $"An acknowledged access token was lost: {introspection.Json}");
                }

                // The newest acknowledged refresh token of each chain still redeems: its row and its chain survived.
                // A chain with a rotation in flight at the kill is exempt: that unanswered rotation may have committed.
                foreach (var (worker, refreshToken) in latestRefreshTokens.Where(chain => !refreshInFlight.GetValueOrDefault(chain.Key)))
                {
                    var endpointBase = worker % 2 == 0 ? origin + "/oauth2/v1" : origin + "/oauth2/default/v1";
                    var refreshed = await client.RefreshAsync(endpointBase, refreshToken);
                    Assert.True(refreshed.Status == HttpStatusCode.OK, $"An acknowledged refresh token no longer redeems: {refreshed.Json}");
                }
            }

            if (TestDatabase.IsPostgres)
            {
                var tokenRows = (await store.ReadAllRowsAsync("OpenIddictTokens")).Count;
                Assert.True(tokenRows >= accessTokens.Count, $"{tokenRows} token rows for {accessTokens.Count} acknowledged access tokens.");
            }
            else
            {
                using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "gatehouse.db")};Mode=ReadOnly;Pooling=False");
                connection.Open();
                Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
                Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
                Assert.True(long.Parse(Scalar(connection, "SELECT COUNT(*) FROM OpenIddictTokens"), System.Globalization.CultureInfo.InvariantCulture) >= accessTokens.Count);
            }

            void Record(int worker, TokenResponse tokens)
            {
                accessTokens.Add(tokens["access_token"]!);
                latestRefreshTokens[worker] = tokens["refresh_token"]!;
                Interlocked.Increment(ref acknowledged);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned by the OS with the temp folder.
            }
        }
    }

    [Fact]
    public async Task Connections_UseWalGroupCommitAndABusyTimeout()
    {
        await using var server = await GatehouseServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<Gatehouse.Storage.GatehouseDbContext>().Database;
        if (TestDatabase.IsPostgres)
        {
            // The PostgreSQL run: the pragmas are SQLite's; the configured provider is what the server uses.
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", database.ProviderName);
            Assert.IsType<Gatehouse.Storage.PostgresGatehouseDbContext>(scope.ServiceProvider.GetRequiredService<Gatehouse.Storage.GatehouseDbContext>());
            return;
        }

        await database.OpenConnectionAsync();
        var connection = (SqliteConnection)database.GetDbConnection();

        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        // NORMAL: commits are fsynced by the group commit before the response leaves (GroupCommitTests).
        Assert.Equal("1", Scalar(connection, "PRAGMA synchronous"));
        Assert.Equal("10000", Scalar(connection, "PRAGMA busy_timeout"));
    }

    /// <summary>Starts <c>dotnet gatehouse.dll serve</c> (the server's build output, copied next to the tests) and waits until it answers.</summary>
    private async Task<ServerProcess> ServeAsync(string dataDirectory, string origin, TestDatabase store)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "gatehouse.dll");
        Assert.True(File.Exists(executable), $"The server's build output is missing: {executable}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            ArgumentList = { executable, "serve", "--data-dir", dataDirectory, "--urls", origin, "--seed", Path.Combine(dataDirectory, "seed.json") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in store.EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        var process = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("gatehouse did not start."), output);

        var ready = Stopwatch.StartNew();
        while (ready.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(process.HasExited, $"gatehouse exited with {(process.HasExited ? process.ExitCode : 0)}");
            if (File.Exists(Path.Combine(dataDirectory, "tls", "ca.pem")))
            {
                try
                {
                    using var http = CreateClient(dataDirectory, origin);
                    if ((await http.GetAsync("/.well-known/openid-configuration")).IsSuccessStatusCode)
                    {
                        return process;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening but not answering within the client's timeout (a loaded machine): probe again.
                    output.WriteLine($"Readiness probe timed out after {ready.Elapsed.TotalSeconds:F0} s; probing again.");
                }
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("gatehouse did not answer within 90 s.");
    }

    /// <summary>authorize → hosted sign-in form → redirect with a code, with cookies, against the external process.</summary>
    private static async Task<string> SignInAsync(string dataDirectory, string origin, AuthorizeRequest request)
    {
        using var http = CreateClient(dataDirectory, origin);
        var response = await http.GetAsync(request.Url);
        for (var hops = 0; hops < 10; hops++)
        {
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            var location = new Uri(new Uri(origin), response.Headers.Location!);
            if (location.AbsoluteUri.StartsWith(request.RedirectUri, StringComparison.Ordinal))
            {
                return QueryHelpers.ParseQuery(location.Query)["code"].ToString();
            }

            if (location.AbsolutePath == "/signin")
            {
                var page = await http.GetStringAsync(location);
                response = await http.PostAsync(location, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Username"] = TestSeed.Alice,
                    ["Input.Password"] = TestSeed.AlicePassword,
                    ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
                    ["ReturnUrl"] = Browser.HiddenInput(page, "ReturnUrl"),
                }));
                continue;
            }

            response = await http.GetAsync(location);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static string EndpointBaseOf(string accessToken, string origin) =>
        Jwt.Payload(accessToken).GetProperty("iss").GetString() == origin ? origin + "/oauth2/v1" : origin + "/oauth2/default/v1";

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Trusts only the data directory's local CA, keeps cookies, never follows redirects.</summary>
    private static HttpClient CreateClient(string dataDirectory, string origin)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dataDirectory, "tls", "ca.pem"));
        return new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        })
        { BaseAddress = new Uri(origin), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The host that runs this test (dotnet), else dotnet on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>The child process; its output goes to the test log; disposing kills it if it still runs.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;

        public ServerProcess(Process process, ITestOutputHelper output)
        {
            _process = process;
            _process.OutputDataReceived += (_, line) => Log(output, line.Data);
            _process.ErrorDataReceived += (_, line) => Log(output, line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public void Kill(bool entireProcessTree) => _process.Kill(entireProcessTree);

        public Task WaitForExitAsync() => _process.WaitForExitAsync();

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private static void Log(ITestOutputHelper output, string? line)
        {
            if (line is not null)
            {
                try
                {
                    output.WriteLine("gatehouse: " + line);
                }
                catch (InvalidOperationException)
                {
                    // The test has finished.
                }
            }
        }
    }
}
