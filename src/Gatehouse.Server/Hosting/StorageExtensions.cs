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
    /// <summary>The embedded default is a SQLite file in the data directory, created and migrated on first start.</summary>
    public static IServiceCollection AddGatehouseStorage(this IServiceCollection services, GatehouseOptions options, string dataDirectory)
    {
        if (!string.Equals(options.DatabaseProvider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Unsupported database provider '{options.DatabaseProvider}'. Supported: sqlite.");
        }

        var connectionString = options.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "gatehouse.db")}";
        services.AddSingleton<ConfigurationVersion>();
        services.AddSingleton<ConfigurationChangeInterceptor>();
        services.AddSingleton<SqliteGroupCommit>();
        services.AddSingleton<SqlitePragmas>();
        services.AddHostedService<BackgroundCommitFlusher>();
        services.AddDbContext<GatehouseDbContext>((provider, database) =>
        {
            database.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(GatehouseDbContext).Assembly.FullName));
            // Built ahead of time by `dotnet ef dbcontext optimize` (docs/contributing: regenerate with each migration;
            // Storage/CompiledModelTests fails when it is stale): building the model at start cost ≈ 0.5 s.
            database.UseModel(Gatehouse.Storage.CompiledModels.Sqlite.GatehouseDbContextModel.Instance);
            database.AddInterceptors(provider.GetRequiredService<SqlitePragmas>(), provider.GetRequiredService<ConfigurationChangeInterceptor>());
            database.UseOpenIddict();
        });
        return services;
    }
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
