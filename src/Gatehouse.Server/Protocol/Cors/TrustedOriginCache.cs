using System.Collections.Frozen;

using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Protocol.Cors;

/// <summary>
/// The ACTIVE trusted origins with the CORS scope, read from the database at most once per
/// <see cref="Lifetime"/>: CORS is checked on every cross-origin token, userinfo and JWKS request, and a database
/// query per request would put the store on the hot path. The management API drops the snapshot on every change,
/// so a change is effective at once on the node that made it and within <see cref="Lifetime"/> on the others.
/// </summary>
internal sealed class TrustedOriginCache(IServiceScopeFactory scopeFactory, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;
    private long _version;

    public async ValueTask<FrozenSet<string>> GetCorsOriginsAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } current && current.Version == Interlocked.Read(ref _version) && clock.GetUtcNow() < current.Expires)
        {
            return current.Origins;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            // Read the version first: an Invalidate() during the query marks this snapshot stale at once.
            var version = Interlocked.Read(ref _version);
            if (_snapshot is { } fresh && fresh.Version == version && clock.GetUtcNow() < fresh.Expires)
            {
                return fresh.Origins;
            }

            await using var scope = scopeFactory.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            var origins = await database.TrustedOrigins.AsNoTracking()
                .Where(origin => origin.Cors && origin.Status == TrustedOriginStatus.Active)
                .Select(origin => origin.Origin)
                .ToListAsync(cancellationToken);
            var snapshot = new Snapshot(origins.ToFrozenSet(StringComparer.Ordinal), version, clock.GetUtcNow() + Lifetime);
            _snapshot = snapshot;
            return snapshot.Origins;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Called after every change to a trusted origin.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    public void Dispose() => _reload.Dispose();

    private sealed record Snapshot(FrozenSet<string> Origins, long Version, DateTimeOffset Expires);
}
