using System.Data.Common;

using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gatehouse.Server.Hosting;

internal static class StorageExtensions
{
    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    /// <summary>
    /// The embedded default is a SQLite file in the data directory, created and migrated on first start.
    /// <c>DatabaseProvider=postgres</c> with a <c>ConnectionString</c> selects PostgreSQL, the store that several
    /// nodes share (docs/configuration.md, "Database"). Each provider has its own migrations (Migrations/Sqlite and
    /// Migrations/Postgres): <see cref="PostgresGatehouseDbContext"/> is registered as <see cref="GatehouseDbContext"/>.
    /// </summary>
    public static IServiceCollection AddGatehouseStorage(this IServiceCollection services, GatehouseOptions options, string dataDirectory)
    {
        var migrationsAssembly = typeof(GatehouseDbContext).Assembly.FullName;
        if (IsProvider(options, Postgres) || IsProvider(options, "postgresql"))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException(
                    "DatabaseProvider 'postgres' needs a ConnectionString (GATEHOUSE__CONNECTIONSTRING), e.g. 'Host=db;Database=gatehouse;Username=gatehouse;Password=…'.");
            }

            services.AddDbContext<GatehouseDbContext, PostgresGatehouseDbContext>(database =>
            {
                database.UseNpgsql(options.ConnectionString, postgres => postgres.MigrationsAssembly(migrationsAssembly));
                database.AddInterceptors(PostgresCaseInsensitiveQueries.Instance, PostgresNulCharacters.Instance);
                database.UseOpenIddict();
            });
            return services;
        }

        if (!IsProvider(options, Sqlite))
        {
            throw new InvalidOperationException($"Unsupported database provider '{options.DatabaseProvider}'. Supported: {Sqlite}, {Postgres}.");
        }

        var connectionString = options.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "gatehouse.db")}";
        services.AddDbContext<GatehouseDbContext>(database =>
        {
            database.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(migrationsAssembly));
            database.AddInterceptors(SqlitePragmas.Instance);
            database.UseOpenIddict();
        });
        return services;
    }

    private static bool IsProvider(GatehouseOptions options, string name) =>
        string.Equals(options.DatabaseProvider, name, StringComparison.OrdinalIgnoreCase);
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
