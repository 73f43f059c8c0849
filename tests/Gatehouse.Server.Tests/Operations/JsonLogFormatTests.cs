using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Operations;

/// <summary>The real <c>gatehouse serve</c> process with <c>GATEHOUSE__LOGFORMAT=json</c>: stdout is one JSON object per line.</summary>
public sealed class JsonLogFormatTests
{
    [Fact]
    public async Task Serve_JsonLogFormat_EveryStdoutLineIsAJsonLogEntry()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "jsonlogs-" + Guid.NewGuid().ToString("N"));
        await using var store = await TestDatabase.CreateAsync();
        var port = TestPorts.Next();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Plain HTTP as behind a TLS-terminating proxy: this test reads logs, not certificates.
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "gatehouse.dll"), "serve", "--data-dir", dataDirectory, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in store.EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        start.Environment["GATEHOUSE__LOGFORMAT"] = "json";

        var lines = new List<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start gatehouse.");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            {
                lines.Add(line);
                if (line.Contains("Gatehouse is running", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (line is null)
            {
                Assert.Fail("The server exited: " + string.Join('\n', lines) + await process.StandardError.ReadToEndAsync(timeout.Token));
            }

            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
            using (var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative), timeout.Token))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.True(lines.Count >= 3, string.Join('\n', lines));
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        foreach (var entry in entries)
        {
            Assert.True(entry.TryGetProperty("Timestamp", out _), entry.ToString());
            Assert.True(entry.TryGetProperty("LogLevel", out _), entry.ToString());
            Assert.True(entry.TryGetProperty("Category", out _), entry.ToString());
            Assert.True(entry.TryGetProperty("Message", out _), entry.ToString());
        }

        var started = entries.Single(entry => entry.GetProperty("Message").GetString()!.StartsWith("Gatehouse is running", StringComparison.Ordinal));
        Assert.Equal($"http://127.0.0.1:{port}", started.GetProperty("State").GetProperty("Origin").GetString());
        // No admin yet: the bootstrap token's file is named, the token itself stays out of the logs.
        var tokenFile = started.GetProperty("State").GetProperty("BootstrapTokenFile").GetString()!;
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.NotEmpty(token);
        Assert.DoesNotContain(token, string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Contains(entries, entry => entry.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime");

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
