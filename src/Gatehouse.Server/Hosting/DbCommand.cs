using System.CommandLine;

using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Hosting;

/// <summary>
/// <c>gatehouse db migrate</c>: brings the configured database (the data directory's SQLite file, or PostgreSQL with
/// <c>GATEHOUSE__DATABASEPROVIDER=postgres</c>) to this version's schema without serving, e.g. once before rolling
/// new nodes out. <c>serve</c> applies the same migrations at start.
/// </summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory of the server. Default ./.gatehouse" };
        var migrate = new Command("migrate", "Apply the database migrations this gatehouse has and exit.") { dataDir };
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
            };
            if (parseResult.GetValue(dataDir) is { Length: > 0 } directory)
            {
                settings[$"{GatehouseOptions.SectionName}:{nameof(GatehouseOptions.DataDirectory)}"] = directory;
            }

            using var host = GatehouseApplication.BuildMaintenanceHost(settings);
            return await MigrateAsync(host.Services, Console.Out, cancellationToken);
        });

        return new Command("db", "Manage the database.") { migrate };
    }

    /// <summary>The command's work, callable from tests.</summary>
    public static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>().Database;
        var pending = await database.PendingAsync(cancellationToken);
        await database.MigrateGatehouseAsync(cancellationToken);
        await output.WriteLineAsync(pending.Count == 0
            ? $"The database ({database.ProviderName}) is up to date."
            : $"Applied {pending.Count} migration(s) to the database ({database.ProviderName}): {string.Join(", ", pending)}.");
        return 0;
    }
}
