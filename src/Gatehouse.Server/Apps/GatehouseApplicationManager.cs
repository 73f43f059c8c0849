using Gatehouse.Storage;

using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// OpenIddict's application manager with client secrets kept as keyed hashes (<see cref="SecretHasher"/>)
/// instead of PBKDF2, which costs ~10 ms of CPU on every token request; and with several secrets per app (Okta's
/// secret rotation: any ACTIVE secret in the app's list is accepted, a deactivated one is not); and with lookups by
/// client id and id answered from <see cref="ApplicationSnapshots"/> (read once per configuration version) instead
/// of the database on every token request.
/// </summary>
internal sealed class GatehouseApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    SecretHasher hasher,
    ApplicationSnapshots snapshots,
    GatehouseDbContext database)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(
        string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return Attach(await snapshots.FindByClientIdAsync(identifier, Store, cancellationToken));
    }

    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(
        string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return Attach(await snapshots.FindByIdAsync(identifier, Store, cancellationToken));
    }

    /// <summary>
    /// This request's instance of a cached application, as the store would have returned it: tracked (unchanged) by
    /// the request's DbContext — the one OpenIddict's stores use — so the token store's <c>FindAsync</c> attaches the
    /// same instance to new tokens without a query or an INSERT, and an update (OpenIddict's or
    /// <see cref="OidcAppStore"/>'s) changes this request's copy and saves it, never the shared snapshot. An instance
    /// the context already tracks (loaded by a query, or an earlier lookup) is reused, as EF's identity map would.
    /// </summary>
    private OpenIddictEntityFrameworkCoreApplication? Attach(OpenIddictEntityFrameworkCoreApplication? snapshot)
    {
        if (snapshot is null)
        {
            return null;
        }

        var tracker = database.ChangeTracker;
        var detectChanges = tracker.AutoDetectChangesEnabled;

        // Finding a tracked entity by key needs no DetectChanges (which Entries runs otherwise); a request tracks a
        // handful of entities, so the scan is short. (DbSet.Local would register a view listener on a pooled context.)
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries<OpenIddictEntityFrameworkCoreApplication>())
            {
                if (string.Equals(entry.Entity.Id, snapshot.Id, StringComparison.Ordinal))
                {
                    return entry.Entity;
                }
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detectChanges;
        }

        var copy = ApplicationSnapshots.Copy(snapshot);
        database.Attach(copy);
        return copy;
    }

    public override async ValueTask<bool> ValidateClientSecretAsync(
        OpenIddictEntityFrameworkCoreApplication application, string secret, CancellationToken cancellationToken = default)
    {
        var secrets = OidcAppStore.ReadSecrets(await GetPropertiesAsync(application, cancellationToken));
        if (secrets is null)
        {
            return await base.ValidateClientSecretAsync(application, secret, cancellationToken);
        }

        if (string.IsNullOrEmpty(secret) || await HasClientTypeAsync(application, ClientTypes.Public, cancellationToken))
        {
            return false;
        }

        // Every stored secret is compared, so the time taken does not tell which one matched.
        var valid = false;
        foreach (var stored in secrets)
        {
            valid |= hasher.Verify(secret, stored.Hash) & stored.IsActive;
        }

        return valid;
    }

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(hasher.Hash(secret));

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(hasher.Verify(secret, comparand));
}
