using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// The token-entry and authorization lookups every token, refresh and userinfo request makes, as EF Core compiled queries: the same
/// LINQ as OpenIddict's store (tracked, with the application and authorization included), translated once instead
/// of having its query-cache key computed from the expression tree on every call (docs/performance.md). A compiled
/// query keeps one executor per model, so each context type (SQLite's <see cref="GatehouseDbContext"/>,
/// <see cref="PostgresGatehouseDbContext"/>) has its own.
/// </summary>
internal static class TokenEntryQueries
{
    public static Task<OpenIddictEntityFrameworkCoreToken?> FindByIdAsync(DbContext context, string id, CancellationToken cancellationToken) =>
        context switch
        {
            PostgresGatehouseDbContext postgres => For<PostgresGatehouseDbContext>.ById(postgres, id, cancellationToken),
            GatehouseDbContext sqlite => For<GatehouseDbContext>.ById(sqlite, id, cancellationToken),
            _ => For<DbContext>.ById(context, id, cancellationToken),
        };

    public static Task<OpenIddictEntityFrameworkCoreToken?> FindByReferenceIdAsync(DbContext context, string referenceId, CancellationToken cancellationToken) =>
        context switch
        {
            PostgresGatehouseDbContext postgres => For<PostgresGatehouseDbContext>.ByReferenceId(postgres, referenceId, cancellationToken),
            GatehouseDbContext sqlite => For<GatehouseDbContext>.ByReferenceId(sqlite, referenceId, cancellationToken),
            _ => For<DbContext>.ByReferenceId(context, referenceId, cancellationToken),
        };

    /// <summary>OpenIddict's authorization lookup by id (tracked, application included), compiled: userinfo and introspection validate a self-contained access token's authorization on every request (ADR 0013).</summary>
    public static Task<OpenIddictEntityFrameworkCoreAuthorization?> FindAuthorizationByIdAsync(DbContext context, string id, CancellationToken cancellationToken) =>
        context switch
        {
            PostgresGatehouseDbContext postgres => For<PostgresGatehouseDbContext>.AuthorizationById(postgres, id, cancellationToken),
            GatehouseDbContext sqlite => For<GatehouseDbContext>.AuthorizationById(sqlite, id, cancellationToken),
            _ => For<DbContext>.AuthorizationById(context, id, cancellationToken),
        };

    private static class For<TContext>
        where TContext : DbContext
    {
        public static readonly Func<TContext, string, CancellationToken, Task<OpenIddictEntityFrameworkCoreToken?>> ById =
            EF.CompileAsyncQuery((TContext context, string id, CancellationToken _) =>
                context.Set<OpenIddictEntityFrameworkCoreToken>()
                    .Include(token => token.Application)
                    .Include(token => token.Authorization)
                    .AsTracking()
                    .FirstOrDefault(token => token.Id == id));

        public static readonly Func<TContext, string, CancellationToken, Task<OpenIddictEntityFrameworkCoreToken?>> ByReferenceId =
            EF.CompileAsyncQuery((TContext context, string referenceId, CancellationToken _) =>
                context.Set<OpenIddictEntityFrameworkCoreToken>()
                    .Include(token => token.Application)
                    .Include(token => token.Authorization)
                    .AsTracking()
                    .FirstOrDefault(token => token.ReferenceId == referenceId));

        public static readonly Func<TContext, string, CancellationToken, Task<OpenIddictEntityFrameworkCoreAuthorization?>> AuthorizationById =
            EF.CompileAsyncQuery((TContext context, string id, CancellationToken _) =>
                context.Set<OpenIddictEntityFrameworkCoreAuthorization>()
                    .Include(authorization => authorization.Application)
                    .AsTracking()
                    .FirstOrDefault(authorization => authorization.Id == id));
    }
}
