using System.Data.Common;

using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gatehouse.Server.Hosting;

internal static class StorageExtensions
{
    /// <summary>The embedded default is a SQLite file in the data directory, created and migrated on first start.</summary>
    public static IServiceCollection AddGatehouseStorage(this IServiceCollection services, GatehouseOptions options, string dataDirectory)
    {
        if (!string.Equals(options.DatabaseProvider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Unsupported database provider '{options.DatabaseProvider}'. Supported: sqlite.");
        }

        var connectionString = options.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "gatehouse.db")}";
        services.AddDbContext<GatehouseDbContext>(database =>
        {
            database.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(GatehouseDbContext).Assembly.FullName));
            database.AddInterceptors(SqlitePragmas.Instance);
            database.UseOpenIddict();
        });
        return services;
    }
}

/// <summary>
/// Durability settings for every SQLite connection (docs/decisions/0008-sqlite-durability.md): WAL, so readers never
/// block the writer and a killed process leaves a consistent database; <c>synchronous=FULL</c>, so every commit
/// Gatehouse acknowledged (a rotated refresh token, a redeemed code) is on disk before the answer leaves, surviving
/// power loss too; and a busy timeout, so concurrent writers wait for the write lock instead of failing.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";

    public static SqlitePragmas Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
