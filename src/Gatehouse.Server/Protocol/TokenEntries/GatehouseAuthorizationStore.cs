using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// OpenIddict's EF Core authorization store, with the lookup by id's first step made cheap. Validating a token loads
/// its entry with the authorization included (<see cref="TokenEntryQueries"/>); OpenIddict's
/// <c>ValidateAuthorizationEntry</c> then finds it by id, and OpenIddict's store first looks through the tracked
/// entities after a full <c>DetectChanges</c> — ≈ 3 % of a userinfo request (docs/performance.md). This one looks
/// without it (<see cref="TrackedEntities"/>); an authorization the request has not read is read with OpenIddict's
/// query, compiled (<see cref="TokenEntryQueries"/>): access tokens have no entry to bring their authorization along
/// (ADR 0013), so userinfo and introspection read it this way on every request (≈ 13 % of a userinfo's samples
/// uncompiled, docs/performance.md).
/// </summary>
internal sealed class GatehouseAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options) : OpenIddictEntityFrameworkCoreAuthorizationStore(cache, context, options)
{
    public override async ValueTask<OpenIddictEntityFrameworkCoreAuthorization?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var database = await Context.GetDbContextAsync(cancellationToken);
        return TrackedEntities.Find<OpenIddictEntityFrameworkCoreAuthorization>(database, authorization => string.Equals(authorization.Id, identifier, StringComparison.Ordinal))
            ?? await TokenEntryQueries.FindAuthorizationByIdAsync(database, identifier, cancellationToken);
    }
}
