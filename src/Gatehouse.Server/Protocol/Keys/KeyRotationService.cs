using Gatehouse.Server.Hosting;

using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// The automatic schedule: every <see cref="GatehouseOptions.SigningKeyCheckInterval"/> (on the injected
/// <see cref="TimeProvider"/>), rotates keys that are due and reloads keys other nodes created or retired.
/// </summary>
internal sealed partial class KeyRotationService(
    KeyRotation rotation,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyRotationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SigningKeyCheckInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // The tick may resume on the thread that fired the timer (with a fake clock: the thread advancing
                // it). Leave it at once so ticks that pass during a check coalesce instead of each running one.
                await Task.Yield();
                try
                {
                    await rotation.CheckAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A busy or unreachable database must not stop the schedule: the next tick tries again.
                    LogCheckFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Signing key rotation check failed; retrying at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
