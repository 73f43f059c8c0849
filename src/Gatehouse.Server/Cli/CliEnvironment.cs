namespace Gatehouse.Server.Cli;

/// <summary>
/// What a CLI verb reads and writes outside its arguments: standard streams, the home and working directories and the
/// environment. Tests run verbs in-process with their own (fake console, temporary HOME); the executable uses the process's.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextReader In { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required string HomeDirectory { get; init; }

    public required string WorkingDirectory { get; init; }

    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>A person types the answers at a terminal: secrets are read without echo.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>
    /// Standard output and error are a terminal, so a spinner may be drawn: when either goes to a file or a pipe, its
    /// frames and carriage returns would end up in what a script or a log reads.
    /// </summary>
    public bool ShowsProgress { get; init; }

    /// <summary>How often <c>logs --follow</c> asks for new events (Okta's guidance for polling is a few seconds; tests shorten it).</summary>
    public TimeSpan LogsPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static CliEnvironment FromProcess() => new()
    {
        In = System.Console.In,
        Out = System.Console.Out,
        Error = System.Console.Error,
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        WorkingDirectory = Environment.CurrentDirectory,
        IsTerminal = !System.Console.IsInputRedirected && !System.Console.IsErrorRedirected,
        ShowsProgress = !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected,
    };
}
