using System.CommandLine;
using System.Diagnostics;

using Gatehouse.Server.Cli;
using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// A user's machine for the CLI: a temporary HOME and working directory, environment variables, and standard input
/// answering the prompts. Verbs run in-process through the real System.CommandLine root, or as the real
/// <c>gatehouse</c> process where exit codes and streams of the executable matter.
/// </summary>
internal sealed class CliSandbox : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-cli-tests", Guid.NewGuid().ToString("N"));

    public CliSandbox()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(WorkingDirectory);
    }

    public string Home => Path.Combine(_root, "home");

    public string WorkingDirectory => Path.Combine(_root, "my-app");

    public string OktaYaml => Path.Combine(Home, ".okta", "okta.yaml");

    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>Backups of okta.yaml (okta.yaml.yyyyMMddTHHmm); not a glob, which would also match okta.yaml.</summary>
    public string[] OktaYamlBackups => [.. Directory.GetFiles(Path.GetDirectoryName(OktaYaml)!).Where(path => Path.GetFileName(path).StartsWith("okta.yaml.", StringComparison.Ordinal))];

    /// <summary>Logs in through the environment (Okta SDK variables), trusting the server's CA.</summary>
    public CliSandbox As(GatehouseServer server, string token)
    {
        Variables["OKTA_CLIENT_ORGURL"] = server.Origin;
        Variables["OKTA_CLIENT_TOKEN"] = token;
        Variables["GATEHOUSE_CA_FILE"] = CaFile(server);
        return this;
    }

    /// <summary>A file's POSIX mode (the tests run on Linux; Windows has none).</summary>
    public static UnixFileMode Mode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        return File.GetUnixFileMode(path);
    }

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public static string CaFile(GatehouseServer server) => Path.Combine(server.DataDirectory, "tls", "ca.pem");

    /// <summary>How often <c>logs --follow</c> polls in this sandbox (the CLI's default is 5 s).</summary>
    public TimeSpan LogsPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public Task<CliRun> RunAsync(string input, params string[] arguments) =>
        RunAsync(input, new StringWriter(), CancellationToken.None, arguments);

    /// <summary>
    /// A verb that runs until cancelled (<c>logs --follow</c>): its output is written to <paramref name="output"/> as it
    /// comes, and the token plays the user's Ctrl-C.
    /// </summary>
    public async Task<CliRun> RunAsync(string input, TextWriter output, CancellationToken cancellationToken, params string[] arguments)
    {
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            In = new StringReader(input),
            Out = output,
            Error = error,
            HomeDirectory = Home,
            WorkingDirectory = WorkingDirectory,
            Variables = name => Variables.GetValueOrDefault(name),
            LogsPollInterval = LogsPollInterval,
        };
        var exitCode = await GatehouseCli.CreateRoot(environment).Parse(arguments)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CliRun(exitCode, output.ToString() ?? string.Empty, error.ToString());
    }

    /// <summary>The gatehouse executable built next to the tests, with HOME and the variables set, prompts answered on stdin.</summary>
    public async Task<CliRun> RunProcessAsync(string input, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gatehouse.dll"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["HOME"] = Home;
        foreach (var name in new[] { "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "GATEHOUSE_CA_FILE", "GATEHOUSE_BOOTSTRAP_TOKEN" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start gatehouse.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
