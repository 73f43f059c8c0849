using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Abstractions.OpenIddictExceptions;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// OpenIddict's EF Core token store with the per-request work made cheaper (issue 6, docs/performance.md), same
/// results: the lookups by id and by (hashed) reference id return an entry this context already tracks, else run as
/// compiled queries (<see cref="TokenEntryQueries"/>) — tracked, application and authorization included, as
/// OpenIddict's. Every lookup still reads the database when the entry is not in this request's context, so a
/// revocation by any node is seen at once.
/// </summary>
internal sealed class GatehouseTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    DeferredTokenEntryWrite deferral) : OpenIddictEntityFrameworkCoreTokenStore(cache, context, options)
{
    public override async ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var database = await Context.GetDbContextAsync(cancellationToken);
        return TrackedEntities.Find<OpenIddictEntityFrameworkCoreToken>(database, token => string.Equals(token.Id, identifier, StringComparison.Ordinal))
            ?? await TokenEntryQueries.FindByIdAsync(database, identifier, cancellationToken);
    }

    public override async ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var database = await Context.GetDbContextAsync(cancellationToken);
        return TrackedEntities.Find<OpenIddictEntityFrameworkCoreToken>(database, token => string.Equals(token.ReferenceId, identifier, StringComparison.Ordinal))
            ?? await TokenEntryQueries.FindByReferenceIdAsync(database, identifier, cancellationToken);
    }

    /// <summary>
    /// Revoking every token of an authorization (OpenIddict does it when a code is replayed or a redeemed refresh token
    /// is reused: RFC 6749 §4.1.2, RFC 9700 §4.14.2) revokes the authorization too: access tokens have no entry to mark
    /// (docs/decisions/0013-self-contained-access-tokens.md) and are refused through their authorization instead
    /// (<see cref="Revocation.ValidateSelfContainedAccessTokens"/>). Authorizations are ad hoc, one per sign-in, so no
    /// later sign-in loses anything by it.
    /// </summary>
    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var revoked = await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
        var database = await Context.GetDbContextAsync(cancellationToken);
        await database.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(authorization => authorization.Id == identifier && authorization.Status != Statuses.Revoked)
            .ExecuteUpdateAsync(authorization => authorization
                .SetProperty(entity => entity.Status, Statuses.Revoked)
                .SetProperty(entity => entity.ConcurrencyToken, Guid.NewGuid().ToString()), cancellationToken);
        return revoked;
    }

    /// <summary>
    /// Adds without saving the entry whose payload follows in the same token generation
    /// (<see cref="DeferReferenceTokenEntryWrite"/>); <see cref="UpdateAsync"/> then writes it once.
    /// </summary>
    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!deferral.TryTake(token.Type))
        {
            await base.CreateAsync(token, cancellationToken);
            return;
        }

        var database = await Context.GetDbContextAsync(cancellationToken);
        database.Add(token);
    }

    /// <summary>
    /// A deferred new entry is inserted with everything set so far. An entry this context loaded is saved as tracked:
    /// only its changed columns (redeeming a refresh token rewrote its whole payload before), still guarded by a new
    /// concurrency token, so a concurrent redemption fails as with OpenIddict's store (RFC 9700 §4.14.2). Anything
    /// else (a detached entity) goes through OpenIddict's attach-and-update.
    /// </summary>
    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var database = await Context.GetDbContextAsync(cancellationToken);
        var entry = database.Entry(token);
        if (entry.State is EntityState.Detached or EntityState.Deleted)
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }

        token.ConcurrencyToken = Guid.NewGuid().ToString();
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception) when (entry.State is not EntityState.Added)
        {
            // As OpenIddict's store: reset the entry so later SaveChanges calls of this request don't fail too.
            entry.State = EntityState.Unchanged;
            throw new ConcurrencyException("The token was concurrently updated and cannot be persisted in its current state.", exception);
        }
    }
}
