using Gatehouse.Core.Orgs;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Cors;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Hosting.Caching;

/// <summary>
/// Several nodes on one PostgreSQL database: every <see cref="GatehouseOptions.ConfigurationPollInterval"/> (on the
/// injected <see cref="TimeProvider"/>) reads the <see cref="ConfigurationStamp"/> row, which every save of cached
/// configuration moves in its own transaction (<see cref="ConfigurationChangeInterceptor"/>). When it moved, this node
/// advances its <see cref="ConfigurationVersion"/> and reloads what it holds outside versioned caches (authorization
/// servers, token lifetimes, signing keys, trusted origins). A change committed on any node is therefore in effect
/// on every node within one interval plus one query; requests never wait for the database on this account.
/// </summary>
internal sealed partial class SharedConfigurationPoller(
    IServiceScopeFactory scopeFactory,
    ConfigurationVersion version,
    TrustedOriginCache trustedOrigins,
    IssuerRegistry registry,
    LongestTokenLifetimes lifetimes,
    KeyRing keyRing,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<SharedConfigurationPoller> logger) : BackgroundService
{
    private TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Guid? _seen;
    private long _started;
    private long _completed;

    /// <summary>How many polls have started; a poll numbered above a value read after a commit sees that commit.</summary>
    public long StartedPolls => Interlocked.Read(ref _started);

    /// <summary>The number of the latest poll that finished (found a change, found none, or failed).</summary>
    public long CompletedPolls => Interlocked.Read(ref _completed);

    /// <summary>Completes when the next poll finishes. Read it before <see cref="CompletedPolls"/> to miss none.</summary>
    public Task NextPollAsync() => Volatile.Read(ref _polled).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ConfigurationPollInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // With a fake clock the tick resumes on the thread advancing it: leave it, so ticks coalesce.
                await Task.Yield();
                var number = Interlocked.Increment(ref _started);
                try
                {
                    await PollAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // An unreachable database must not stop the poll; caches keep their values until it answers.
                    LogPollFailed(logger, exception);
                }
                finally
                {
                    Interlocked.Exchange(ref _completed, number);
                    Interlocked.Exchange(ref _polled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        Guid stamp;
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            stamp = await database.ConfigurationStamps.AsNoTracking()
                .Where(row => row.Id == ConfigurationStamp.SingletonId)
                .Select(row => row.Value)
                .FirstOrDefaultAsync(cancellationToken);
        }

        // The first poll always reloads: a change may have committed between this node's start and now.
        if (_seen == stamp)
        {
            return;
        }

        // A cache load that began before this read captured the old version and is dropped; one that begins after
        // it reads the database after the commit this stamp belongs to.
        version.Advance();
        trustedOrigins.Invalidate();
        await registry.ReloadAsync(cancellationToken);
        await lifetimes.ReloadAsync(cancellationToken);
        foreach (var issuer in registry.All)
        {
            await keyRing.LoadSigningKeysAsync(issuer.KeyId, cancellationToken);
        }

        _seen = stamp;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the shared configuration stamp failed; retrying at the next interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
