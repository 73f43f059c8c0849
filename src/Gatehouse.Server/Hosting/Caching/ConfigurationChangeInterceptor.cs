using System.Runtime.CompilerServices;

using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Keys;
using Gatehouse.Core.Orgs;
using Gatehouse.Core.TrustedOrigins;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Hosting.Caching;

/// <summary>
/// Advances <see cref="ConfigurationVersion"/> around every save that adds, changes or deletes cached configuration,
/// whichever code path saves it (management API, admin console, seed, OpenIddict's own stores): before the save, and
/// again once it committed, so no cache keeps a value read before the commit. The same save also gives the
/// <see cref="ConfigurationStamp"/> row a new value, in the same transaction: other nodes sharing the database poll it
/// (<see cref="SharedConfigurationPoller"/>) and drop their caches when it moved (docs/decisions/0012-stateless-nodes.md).
/// </summary>
internal sealed class ConfigurationChangeInterceptor(ConfigurationVersion version) : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Changing = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteChanges(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        NoteChanges(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AdvanceIfChanged(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AdvanceIfChanged(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => AdvanceIfChanged(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AdvanceIfChanged(eventData.Context);
        return Task.CompletedTask;
    }

    private void NoteChanges(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(IsConfigurationChange))
        {
            Changing.AddOrUpdate(context, Changing);
            StampChange(context);
            version.Advance();
        }
    }

    private void AdvanceIfChanged(DbContext? context)
    {
        if (context is not null && Changing.Remove(context))
        {
            version.Advance();
        }
    }

    /// <summary>Updates the stamp row (it exists from its migration on) with a fresh value, in this save.</summary>
    private static void StampChange(DbContext context)
    {
        var entry = context.ChangeTracker.Entries<ConfigurationStamp>().FirstOrDefault()
            ?? context.Attach(new ConfigurationStamp { Id = ConfigurationStamp.SingletonId });
        entry.Entity.Value = Guid.NewGuid();
        entry.Property(stamp => stamp.Value).IsModified = true;
    }

    private static bool IsConfigurationChange(EntityEntry entry) =>
        entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && entry.Entity is AuthorizationServer or AuthorizationServerPolicy or AuthorizationServerPolicyRule or AuthorizationServerScope
            or OpenIddictEntityFrameworkCoreScope or OpenIddictEntityFrameworkCoreApplication or TrustedOrigin or KeyMaterial;
}
