using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

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
            database.UseOpenIddict();
        });
        return services;
    }
}
