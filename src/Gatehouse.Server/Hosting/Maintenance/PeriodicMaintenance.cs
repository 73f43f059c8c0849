namespace Gatehouse.Server.Hosting.Maintenance;

/// <summary>
/// A clean-up that runs once at start and then every <see cref="Interval"/> on the injected <see cref="TimeProvider"/>
/// (so tests move it with a fake clock): System Log retention, token pruning. A failed pass is logged and the
/// schedule goes on — a busy or briefly unreachable database must not stop it.
/// </summary>
internal abstract partial class PeriodicMaintenance(TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    /// <summary>The clock passes run on; a pass reads "now" from it too.</summary>
    protected TimeProvider Clock => timeProvider;

    /// <summary>Time between two passes.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>What the pass does, for the log ("System Log pruning").</summary>
    protected abstract string Name { get; }

    /// <summary>One pass.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            do
            {
                // With a fake clock the tick resumes on the thread advancing it: leave it so ticks coalesce.
                await Task.Yield();
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogPassFailed(logger, Name, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Maintenance} failed; retrying at the next interval")]
    private static partial void LogPassFailed(ILogger logger, string maintenance, Exception exception);
}
