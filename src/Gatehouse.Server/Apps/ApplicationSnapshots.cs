using Gatehouse.Server.Hosting.Caching;

using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Every token request looks its client up (client id, client type, secret, permissions) and apps change only when an
/// admin, the management API or the seed saves them, so applications are read once per <see cref="ConfigurationVersion"/>
/// (bumped by every save of an application on this node, and by <see cref="SharedConfigurationPoller"/> when another
/// node saved one: docs/decisions/0012-stateless-nodes.md) instead of once per request. The values held here are
/// detached copies that no request sees: <see cref="GatehouseApplicationManager"/> hands each request its own copy.
/// Misses are not remembered, so made-up client ids cannot grow the cache.
/// </summary>
internal sealed class ApplicationSnapshots(ConfigurationVersion version)
{
    private readonly VersionedCache<string, OpenIddictEntityFrameworkCoreApplication?> _byClientId = new(version);
    private readonly VersionedCache<string, OpenIddictEntityFrameworkCoreApplication?> _byId = new(version);

    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(
        string clientId, IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store, CancellationToken cancellationToken) =>
        _byClientId.GetAsync(clientId, async (key, token) =>
            await store.FindByClientIdAsync(key, token) is { } application
                // OpenIddict's manager compares client ids ordinally after the store's lookup, as a database may
                // compare them case-insensitively; a near miss is a miss.
                && string.Equals(application.ClientId, key, StringComparison.Ordinal)
                ? Copy(application)
                : null,
            keep: static application => application is not null, cancellationToken);

    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(
        string id, IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store, CancellationToken cancellationToken) =>
        _byId.GetAsync(id, async (key, token) =>
            await store.FindByIdAsync(key, token) is { } application ? Copy(application) : null,
            keep: static application => application is not null, cancellationToken);

    /// <summary>A copy with the same column values and no navigations, tracked by no DbContext.</summary>
    public static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new()
        {
            Id = application.Id,
            ApplicationType = application.ApplicationType,
            ClientId = application.ClientId,
            ClientSecret = application.ClientSecret,
            ClientType = application.ClientType,
            ConcurrencyToken = application.ConcurrencyToken,
            ConsentType = application.ConsentType,
            DisplayName = application.DisplayName,
            DisplayNames = application.DisplayNames,
            JsonWebKeySet = application.JsonWebKeySet,
            Permissions = application.Permissions,
            PostLogoutRedirectUris = application.PostLogoutRedirectUris,
            Properties = application.Properties,
            RedirectUris = application.RedirectUris,
            Requirements = application.Requirements,
            Settings = application.Settings,
        };
    }
}
