namespace Gatehouse.Server.Cli.Console;

/// <summary>
/// A spinner on standard error while waiting on the server, only at a terminal: in a pipe or with --json it would
/// only add noise to what a script reads.
/// </summary>
internal sealed class Spinner : IAsyncDisposable
{
    private static readonly string[] s_frames = ["|", "/", "-", "\\"];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TextWriter _error;
    private readonly string _message;

    public Spinner(CliEnvironment environment, string message, bool enabled)
    {
        _error = environment.Error;
        _message = message;
        _loop = enabled ? SpinAsync(_stop.Token) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SpinAsync(CancellationToken cancellationToken)
    {
        var frame = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(120));
        try
        {
            do
            {
                await _error.WriteAsync($"\r{s_frames[frame++ % s_frames.Length]} {_message}");
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Stopped: erase the line.
        }

        await _error.WriteAsync("\r" + new string(' ', _message.Length + 2) + "\r");
    }
}
