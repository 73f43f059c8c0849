using System.Diagnostics;

using Gatehouse.Server.Tests.Infrastructure;

using Xunit.Abstractions;

namespace Gatehouse.Server.Tests.Nodes;

/// <summary>
/// A node of a <see cref="NodeCluster"/> as its own <c>gatehouse serve</c> OS process (the server's build output,
/// copied next to the tests, as Storage/CrashSafetyTests runs it), so that a test can SIGKILL it.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly NodeCluster _cluster;
    private readonly ITestOutputHelper _output;
    private Process? _process;

    public NodeProcess(NodeCluster cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
        DataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "node-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(Path.Combine(DataDirectory, "seed.json"), TestSeed.Json());
        cluster.PrepareDataDirectory(DataDirectory);
        Port = TestPorts.Next();
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>Starts (or restarts, on the same data directory and port) the process and waits until it is ready.</summary>
    public async Task StartAsync()
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "gatehouse.dll");
        Assert.True(File.Exists(executable), $"The server's build output is missing: {executable}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            ArgumentList = { executable, "serve", "--data-dir", DataDirectory, "--urls", $"https://127.0.0.1:{Port}", "--seed", Path.Combine(DataDirectory, "seed.json") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in _cluster.Database.EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        foreach (var (key, value) in _cluster.NodeSettings)
        {
            start.Environment["GATEHOUSE__" + key["Gatehouse:".Length..].ToUpperInvariant()] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("gatehouse did not start.");
        _process.OutputDataReceived += (_, line) => Log(line.Data);
        _process.ErrorDataReceived += (_, line) => Log(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = _cluster.CreateClient(() => Port);
        var ready = Stopwatch.StartNew();
        while (ready.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(_process.HasExited, $"gatehouse exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Kill();
        throw new TimeoutException("gatehouse did not become ready within 90 s.");
    }

    /// <summary>SIGKILL (Process.Kill on Unix), and wait for the exit.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS with the temp folder.
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            _output.WriteLine("[node A] " + line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished.
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
