using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Looks through the entities a context already tracks without running <c>DetectChanges</c> first, which
/// <c>ChangeTracker.Entries</c> does by default: comparing every tracked entity with its snapshot was ≈ 3 % of a
/// userinfo request (docs/performance.md). The stores look entries up by their key or reference id, which never
/// change once set, and add new entities explicitly, so the scan finds what the default one finds.
/// </summary>
internal static class TrackedEntities
{
    public static TEntity? Find<TEntity>(DbContext context, Func<TEntity, bool> match)
        where TEntity : class
    {
        var tracker = context.ChangeTracker;
        var detectChanges = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries<TEntity>()
                .FirstOrDefault(entry => entry.State is not EntityState.Deleted && match(entry.Entity))?.Entity;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detectChanges;
        }
    }
}
