using Gatehouse.Server.Hosting;
using Gatehouse.Server.Hosting.Maintenance;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.SystemLog;

/// <summary>
/// Deletes events older than <see cref="GatehouseOptions.SystemLogRetention"/> (Okta keeps 90 days), once at start and
/// then every <see cref="GatehouseOptions.SystemLogPruneInterval"/> on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SystemLogRetentionService(
    IServiceScopeFactory scopes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<SystemLogRetentionService> logger) : PeriodicMaintenance(timeProvider, logger)
{
    /// <summary>Deletes the expired events; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Clock.GetUtcNow() - options.Value.SystemLogRetention;
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        return await database.LogEvents.Where(logEvent => logEvent.Published < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override TimeSpan Interval => options.Value.SystemLogPruneInterval;

    protected override string Name => "System Log pruning";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);
}
