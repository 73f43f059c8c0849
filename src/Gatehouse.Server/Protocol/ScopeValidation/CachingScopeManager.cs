using System.Collections.Immutable;
using System.Runtime.CompilerServices;

using Gatehouse.Server.Hosting.Caching;

using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Protocol.ScopeValidation;

/// <summary>
/// OpenIddict's scope manager, with <see cref="FindByNamesAsync"/> — what scope validation at the authorization and
/// token endpoints calls on every request — answered from a snapshot of the scopes read once per
/// <see cref="ConfigurationVersion"/> (scopes change only when an admin or the seed saves them). The snapshot's
/// entities are detached and only read (name, resources); code that changes a scope loads it with
/// <c>FindByNameAsync</c>/<c>FindByIdAsync</c>, which still go to the database.
/// </summary>
internal sealed class CachingScopeManager(
    IOpenIddictScopeCache<OpenIddictEntityFrameworkCoreScope> cache,
    ILogger<OpenIddictScopeManager<OpenIddictEntityFrameworkCoreScope>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictScopeStore<OpenIddictEntityFrameworkCoreScope> store,
    ScopeSnapshot snapshot)
    : OpenIddictScopeManager<OpenIddictEntityFrameworkCoreScope>(cache, logger, options, store)
{
    public override async IAsyncEnumerable<OpenIddictEntityFrameworkCoreScope> FindByNamesAsync(
        ImmutableArray<string> names, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var scopes = await snapshot.GetAsync(Store, cancellationToken);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            // Ordinal, as OpenIddict's store compares names.
            if (scopes.TryGetValue(name, out var scope))
            {
                yield return scope;
            }
        }
    }
}

/// <summary>Every scope by name, under the current <see cref="ConfigurationVersion"/>.</summary>
internal sealed class ScopeSnapshot(ConfigurationVersion version)
{
    private readonly VersionedCache<string, IReadOnlyDictionary<string, OpenIddictEntityFrameworkCoreScope>> _scopes = new(version);

    public ValueTask<IReadOnlyDictionary<string, OpenIddictEntityFrameworkCoreScope>> GetAsync(
        IOpenIddictScopeStore<OpenIddictEntityFrameworkCoreScope> store, CancellationToken cancellationToken) =>
        _scopes.GetAsync(string.Empty, async (_, token) =>
        {
            var scopes = new Dictionary<string, OpenIddictEntityFrameworkCoreScope>(StringComparer.Ordinal);
            await foreach (var scope in store.ListAsync(count: null, offset: null, token))
            {
                if (scope.Name is { } name)
                {
                    scopes[name] = Detached(scope);
                }
            }

            return scopes;
        }, cancellationToken);

    /// <summary>A copy no DbContext tracks, so sharing it between requests cannot leak one request's changes.</summary>
    private static OpenIddictEntityFrameworkCoreScope Detached(OpenIddictEntityFrameworkCoreScope scope) => new()
    {
        Id = scope.Id,
        Name = scope.Name,
        ConcurrencyToken = scope.ConcurrencyToken,
        Description = scope.Description,
        Descriptions = scope.Descriptions,
        DisplayName = scope.DisplayName,
        DisplayNames = scope.DisplayNames,
        Properties = scope.Properties,
        Resources = scope.Resources,
    };
}
