using Npgsql;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>
/// The store a test server uses. By default the SQLite file in its data directory. When
/// <c>GATEHOUSE_TEST_POSTGRES</c> holds a connection string to a PostgreSQL server (test.sh starts a throwaway cluster
/// and runs the suite a second time with it), each server gets a fresh database of its own, dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "GATEHOUSE_TEST_POSTGRES";

    private readonly string? _administration;
    private readonly string? _name;

    private TestDatabase(IReadOnlyDictionary<string, string?> settings, string? administration = null, string? name = null)
    {
        Settings = settings;
        _administration = administration;
        _name = name;
    }

    /// <summary>The server's database settings (none for SQLite, the default).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static bool IsPostgres => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 };

    /// <summary>The same settings as environment variables, for a <c>gatehouse</c> process started by a test.</summary>
    public IEnumerable<KeyValuePair<string, string?>> EnvironmentVariables => Settings.Select(setting =>
        KeyValuePair.Create("GATEHOUSE__" + setting.Key["Gatehouse:".Length..].ToUpperInvariant(), setting.Value));

    /// <summary>Every row of <paramref name="onlyTable"/>, or of every table, of the PostgreSQL database, as PostgreSQL's text form of the row.</summary>
    public async Task<List<string>> ReadAllRowsAsync(string? onlyTable = null)
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(Settings["Gatehouse:ConnectionString"]);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables.Where(table => onlyTable is null || table == onlyTable))
        {
            await using var command = new NpgsqlCommand($"SELECT row.*::text FROM \"{table}\" row", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        if (Environment.GetEnvironmentVariable(PostgresVariable) is not { Length: > 0 } administration)
        {
            return new TestDatabase(new Dictionary<string, string?>());
        }

        var name = "gatehouse_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(administration))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(administration) { Database = name }.ConnectionString;
        return new TestDatabase(
            new Dictionary<string, string?>
            {
                ["Gatehouse:DatabaseProvider"] = "postgres",
                ["Gatehouse:ConnectionString"] = connectionString,
            },
            administration,
            name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_administration is null || _name is null)
        {
            return;
        }

        // The server's pooled connections would keep the database in use.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(Settings["Gatehouse:ConnectionString"]));
        await using var connection = new NpgsqlConnection(_administration);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
