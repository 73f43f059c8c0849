using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Gatehouse.Storage;

/// <summary>Serializes read-modify-write transactions across connections and nodes.</summary>
public static class DatabaseLocks
{
    /// <summary>
    /// Inside a transaction, waits until no other transaction holds <paramref name="resource"/>, and holds it until
    /// this one ends. SQLite needs nothing: EF Core begins its transactions <c>IMMEDIATE</c>, so a transaction already
    /// owns the single write lock. PostgreSQL's default (read committed) lets two transactions read the same rows and
    /// then both act on them (two nodes rotating one key); a transaction-scoped advisory lock on the resource's hash
    /// makes them take turns, as on SQLite.
    /// </summary>
    public static async Task LockAsync(this DatabaseFacade database, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A database lock is held by a transaction: begin one first.");
        }

        if (database.IsNpgsql())
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({resource}, 0))", cancellationToken).ConfigureAwait(false);
        }
    }
}
