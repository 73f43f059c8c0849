using Gatehouse.Server.Hosting;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.SystemLog;

/// <summary>
/// Deletes events older than <see cref="GatehouseOptions.SystemLogRetention"/> (Okta keeps 90 days), once at start and
/// then every <see cref="GatehouseOptions.SystemLogPruneInterval"/> on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SystemLogRetentionService(
    IServiceScopeFactory scopes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<SystemLogRetentionService> logger) : BackgroundService
{
    /// <summary>Deletes the expired events; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.SystemLogRetention;
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        return await database.LogEvents.Where(logEvent => logEvent.Published < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SystemLogPruneInterval, timeProvider);
        try
        {
            do
            {
                // With a fake clock the tick resumes on the thread advancing it: leave it so ticks coalesce.
                await Task.Yield();
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A busy database must not stop the schedule: the next tick tries again.
                    LogPruneFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "System Log pruning failed; retrying at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
