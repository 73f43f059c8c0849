using Npgsql;

namespace Gatehouse.Server.Hosting.Storage;

/// <summary>
/// Defaults Gatehouse adds to a PostgreSQL connection string where the operator set nothing. Every request runs the
/// same few statements (token entry, user and groups, System Log insert), and without preparation PostgreSQL parses
/// and plans each one anew: Npgsql's automatic preparation (off by default) halved the database's CPU per userinfo
/// and cut it by a third per refresh (docs/performance.md, "PostgreSQL and two nodes"). An explicit
/// <c>Max Auto Prepare</c> — <c>0</c> behind a PgBouncer in transaction mode older than 1.21 — is kept as given.
/// </summary>
internal static class PostgresConnectionDefaults
{
    /// <summary>Statements kept prepared per physical connection; Gatehouse's hot paths use a few dozen.</summary>
    public const int MaxAutoPrepare = 50;

    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsMaxAutoPrepare(connectionString))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Whether the string itself names the setting (Npgsql's builder answers true for every keyword it knows, set or
    /// not); Npgsql accepts it with or without spaces, in any case.
    /// </summary>
    private static bool SetsMaxAutoPrepare(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
}
