namespace Gatehouse.Server.Cli;

/// <summary>
/// A failure to report to the user: a plain message (Okta's <c>errorSummary</c> when the server sent one), its causes,
/// and the exit code of its class (<see cref="ExitCodes"/>, documented in docs/cli.md). Never a stack trace.
/// </summary>
internal sealed class CliException(int exitCode, string message, IReadOnlyList<string>? causes = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> Causes { get; } = causes ?? [];
}

/// <summary>Exit codes per class of failure, so that scripts can tell them apart (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int NotLoggedIn = 3;
    public const int Unreachable = 4;
    public const int Unauthorized = 5;
    public const int Forbidden = 6;
    public const int NotFound = 7;
    public const int Rejected = 8;
    public const int RateLimited = 9;
    public const int ServerError = 10;
    public const int Cancelled = 130;

    /// <summary>The class of an HTTP error status.</summary>
    public static int ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        429 => RateLimited,
        >= 500 => ServerError,
        _ => Rejected,
    };
}
