using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gatehouse.Storage;

/// <summary>Applies the configured provider's migrations (<c>gatehouse serve</c> at start, <c>gatehouse db migrate</c>).</summary>
public static class GatehouseMigrations
{
    /// <summary>The migrations not yet applied, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await EnsureHistoryTableAsync(database, cancellationToken).ConfigureAwait(false);
        return [.. await database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    public static async Task MigrateGatehouseAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await EnsureHistoryTableAsync(database, cancellationToken).ConfigureAwait(false);
        await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On PostgreSQL, Npgsql's migrator reads the history table before creating it and logs the failed read of a new
    /// database as an error (npgsql/efcore.pg#3407), which operators would chase on every first start. Creating the
    /// table first (<c>CREATE TABLE IF NOT EXISTS</c>, what the migrator does next anyway) avoids it.
    /// </summary>
    private static async Task EnsureHistoryTableAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (database.IsNpgsql())
        {
            await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
