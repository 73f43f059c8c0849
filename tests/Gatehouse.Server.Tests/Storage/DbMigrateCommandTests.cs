using System.Diagnostics;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Storage;

/// <summary>The real <c>gatehouse db migrate</c> process on an empty store (SQLite, or PostgreSQL on that run).</summary>
public sealed class DbMigrateCommandTests
{
    [Fact]
    public async Task DbMigrate_EmptyStore_AppliesEveryMigrationThenReportsUpToDate()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "migrate-" + Guid.NewGuid().ToString("N"));
        await using var store = await TestDatabase.CreateAsync();
        try
        {
            var (exitCode, output, error) = await RunGatehouseAsync(store, "db", "migrate", "--data-dir", dataDirectory);
            Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
            Assert.Contains("Applied ", output, StringComparison.Ordinal);
            Assert.Contains("_Initial", output, StringComparison.Ordinal);
            Assert.Contains(TestDatabase.IsPostgres ? "Npgsql" : "Sqlite", output, StringComparison.Ordinal);

            (exitCode, output, error) = await RunGatehouseAsync(store, "db", "migrate", "--data-dir", dataDirectory);
            Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
            Assert.Contains("is up to date", output, StringComparison.Ordinal);

            if (!TestDatabase.IsPostgres)
            {
                Assert.True(File.Exists(Path.Combine(dataDirectory, "gatehouse.db")));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned by the OS with the temp folder.
            }
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunGatehouseAsync(TestDatabase store, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gatehouse.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in store.EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start gatehouse.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
