using Gatehouse.Core.Groups;
using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Protocol.TokenClaims;

/// <summary>A user read for one request, with the names of the groups they are in (Everyone included).</summary>
internal sealed record UserWithGroupNames(GatehouseUser User, List<string> GroupNames);

/// <summary>One row of <see cref="UserQueries.FindUserWithGroupNamesAsync"/>: the user and one group name (null: none).</summary>
internal sealed record UserGroupRow(GatehouseUser User, string? GroupName);

/// <summary>
/// The per-request user reads of the token, refresh and userinfo paths, as EF compiled queries (no LINQ translation
/// or query-cache lookup per request) without change tracking (the requests only read the user). Nothing is cached
/// across requests: a deactivated user or a changed profile shows at the next request. Compiled once per context
/// type, as each provider's model (SQLite's <see cref="GatehouseDbContext"/>, <see cref="PostgresGatehouseDbContext"/>)
/// translates the query its own way (docs/decisions/0011-postgresql-store.md).
/// </summary>
internal static class UserQueries
{
    public static Task<GatehouseUser?> FindUserAsync(GatehouseDbContext database, string userId, CancellationToken cancellationToken) =>
        database is PostgresGatehouseDbContext postgres
            ? Compiled<PostgresGatehouseDbContext>.User(postgres, userId, cancellationToken)
            : Compiled<GatehouseDbContext>.User(database, userId, cancellationToken);

    /// <summary>The user and the names of their groups in one query (one row per group; the user's columns repeat).</summary>
    public static async Task<UserWithGroupNames?> FindUserWithGroupNamesAsync(GatehouseDbContext database, string userId, CancellationToken cancellationToken)
    {
        var rows = database is PostgresGatehouseDbContext postgres
            ? Compiled<PostgresGatehouseDbContext>.UserWithGroupNames(postgres, userId)
            : Compiled<GatehouseDbContext>.UserWithGroupNames(database, userId);
        UserWithGroupNames? found = null;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            found ??= new(row.User, []);
            if (row.GroupName is { } name)
            {
                found.GroupNames.Add(name);
            }
        }

        return found;
    }

    public static Task<List<string>> GroupNamesAsync(GatehouseDbContext database, string userId, CancellationToken cancellationToken) =>
        ListAsync(
            database is PostgresGatehouseDbContext postgres
                ? Compiled<PostgresGatehouseDbContext>.GroupNames(postgres, userId)
                : Compiled<GatehouseDbContext>.GroupNames(database, userId),
            cancellationToken);

    /// <summary>The ids of the groups the user is a member of (explicit memberships; Everyone has none).</summary>
    public static Task<List<string>> MemberGroupIdsAsync(GatehouseDbContext database, string userId, CancellationToken cancellationToken) =>
        ListAsync(
            database is PostgresGatehouseDbContext postgres
                ? Compiled<PostgresGatehouseDbContext>.MemberGroupIds(postgres, userId)
                : Compiled<GatehouseDbContext>.MemberGroupIds(database, userId),
            cancellationToken);

    private static async Task<List<string>> ListAsync(IAsyncEnumerable<string> query, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await foreach (var value in query.WithCancellation(cancellationToken))
        {
            values.Add(value);
        }

        return values;
    }

    private static class Compiled<TContext>
        where TContext : GatehouseDbContext
    {
        public static readonly Func<TContext, string, CancellationToken, Task<GatehouseUser?>> User =
            EF.CompileAsyncQuery((TContext database, string userId, CancellationToken _) =>
                database.Users.AsNoTracking().FirstOrDefault(user => user.Id == userId));

        // The group subquery depends on the parameter only, not on the user row, so it is a LEFT JOIN ... ON TRUE;
        // a collection projection (user + list of names) needs APPLY, which SQLite lacks.
        public static readonly Func<TContext, string, IAsyncEnumerable<UserGroupRow>> UserWithGroupNames =
            EF.CompileAsyncQuery((TContext database, string userId) =>
                database.Users.AsNoTracking()
                    .Where(user => user.Id == userId)
                    .SelectMany(
                        _ => database.Groups
                            .Where(group => group.Type == GroupType.BuiltIn
                                || database.GroupMemberships.Any(membership => membership.GroupId == group.Id && membership.UserId == userId))
                            .Select(group => group.Name)
                            .DefaultIfEmpty(),
                        (user, name) => new UserGroupRow(user, name)));

        public static readonly Func<TContext, string, IAsyncEnumerable<string>> GroupNames =
            EF.CompileAsyncQuery((TContext database, string userId) =>
                database.Groups
                    .Where(group => group.Type == GroupType.BuiltIn
                        || database.GroupMemberships.Any(membership => membership.GroupId == group.Id && membership.UserId == userId))
                    .Select(group => group.Name));

        public static readonly Func<TContext, string, IAsyncEnumerable<string>> MemberGroupIds =
            EF.CompileAsyncQuery((TContext database, string userId) =>
                database.GroupMemberships.Where(membership => membership.UserId == userId).Select(membership => membership.GroupId));
    }
}
