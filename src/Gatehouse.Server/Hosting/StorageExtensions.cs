using System.Data.Common;
using System.Runtime.CompilerServices;

using Gatehouse.Server.Hosting.Caching;
using Gatehouse.Server.Hosting.Storage;
using Gatehouse.Storage;

using Microsoft.Data.Sqlite;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

using SQLitePCL;

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
        // Contexts are pooled (options built once, a context reset and reused per request): building the options and
        // resolving EF's internal services per request was ≈ 10 % of a token request's CPU (docs/performance.md).
        // Caches of configuration (AccessPolicyCache, ScopeSnapshot) follow its version on every provider.
        services.AddSingleton<ConfigurationVersion>();
        services.AddSingleton<ConfigurationChangeInterceptor>();
        if (IsShared(options))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException(
                    "DatabaseProvider 'postgres' needs a ConnectionString (GATEHOUSE__CONNECTIONSTRING), e.g. 'Host=db;Database=gatehouse;Username=gatehouse;Password=…'.");
            }

            services.AddDbContextPool<GatehouseDbContext, PostgresGatehouseDbContext>((provider, database) =>
            {
                database.UseNpgsql(PostgresConnectionDefaults.Apply(options.ConnectionString), postgres => postgres.MigrationsAssembly(migrationsAssembly));
                database.AddInterceptors(PostgresCaseInsensitiveQueries.Instance, PostgresNulCharacters.Instance,
                    provider.GetRequiredService<ConfigurationChangeInterceptor>());
                database.UseOpenIddict();
            });
            return services;
        }

        if (!IsProvider(options, Sqlite))
        {
            throw new InvalidOperationException($"Unsupported database provider '{options.DatabaseProvider}'. Supported: {Sqlite}, {Postgres}.");
        }

        var connectionString = options.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "gatehouse.db")}";
        services.AddSingleton<SqliteGroupCommit>();
        services.AddSingleton<SqlitePragmas>();
        services.AddHostedService<BackgroundCommitFlusher>();
        services.AddDbContextPool<GatehouseDbContext>((provider, database) =>
        {
            database.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(migrationsAssembly));
            // Built ahead of time by `dotnet ef dbcontext optimize` (CONTRIBUTING.md: regenerate with each migration;
            // Storage/CompiledModelTests fails when it is stale): building the model at start cost ≈ 0.5 s.
            database.UseModel(Gatehouse.Storage.CompiledModels.Sqlite.GatehouseDbContextModel.Instance);
            database.AddInterceptors(provider.GetRequiredService<SqlitePragmas>(), provider.GetRequiredService<ConfigurationChangeInterceptor>());
            database.UseOpenIddict();
        });
        return services;
    }

    /// <summary>PostgreSQL: a store that several nodes may share (SQLite is one process's file).</summary>
    public static bool IsShared(GatehouseOptions options) => IsProvider(options, Postgres) || IsProvider(options, "postgresql");

    private static bool IsProvider(GatehouseOptions options, string name) =>
        string.Equals(options.DatabaseProvider, name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Durability settings for every SQLite connection (docs/decisions/0008-sqlite-durability.md): WAL, so readers never
/// block the writer and a killed process leaves a consistent database; <c>synchronous=NORMAL</c> plus a commit hook
/// feeding <see cref="SqliteGroupCommit"/>, so every commit Gatehouse acknowledged (a rotated refresh token, a
/// redeemed code) is fsynced before the answer leaves, surviving power loss too; and a busy timeout, so concurrent
/// writers wait for the write lock instead of failing.
/// </summary>
internal sealed class SqlitePragmas(SqliteGroupCommit groupCommit) : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    private static readonly delegate_commit OnCommit = static state =>
    {
        RequestCommits.NoteCommit((SqliteGroupCommit)state);
        return 0; // 0 lets the commit proceed
    };

    // Pooled connections keep their native handle and its settings: configure each handle once, not at every open.
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Configure(connection);
        command?.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Configure(connection) is { } command)
        {
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Null when this native connection is already configured.</summary>
    private SqliteCommand? Configure(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        if (Configured.TryGetValue(sqlite.Handle!, out _))
        {
            return null;
        }

        Configured.AddOrUpdate(sqlite.Handle!, groupCommit);
        groupCommit.UseDatabaseFile(sqlite.DataSource);
        // The hook fires for every commit on this handle, EF's or raw SQL's.
        raw.sqlite3_commit_hook(sqlite.Handle, OnCommit, groupCommit);
        var command = sqlite.CreateCommand();
        command.CommandText = Pragmas;
        return command;
    }
}
