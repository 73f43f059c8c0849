using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gatehouse.Storage;

/// <summary>
/// The PostgreSQL store: the same model as <see cref="GatehouseDbContext"/> (which is the SQLite store), with its own
/// migrations in Migrations/Postgres and the few provider differences made here (docs/decisions/0011-postgresql-store.md):
/// <list type="bullet">
/// <item>The columns SQLite collates <c>NOCASE</c> (the management API's case-insensitive user search, group names)
/// are <c>citext</c>: <c>=</c>, <c>&lt;</c>, <c>&gt;</c> and <c>LIKE</c> on them are case-insensitive, and their B-tree
/// indexes answer equality and ranges. <see cref="PostgresCaseInsensitiveQueries"/> maps the queries' SQLite idioms.</item>
/// <item>Dates are native <c>timestamptz</c> instead of SQLite's text or ticks, written in UTC (Npgsql refuses any
/// other offset for <c>timestamptz</c>).</item>
/// </list>
/// </summary>
public sealed class PostgresGatehouseDbContext(DbContextOptions<PostgresGatehouseDbContext> options) : GatehouseDbContext(options)
{
    /// <summary>The collation the SQLite model gives its case-insensitive columns.</summary>
    public const string NoCaseCollation = "NOCASE";

    private static readonly ValueConverter<DateTimeOffset, DateTimeOffset> ToUtc = new(
        value => value.ToUniversalTime(),
        value => value);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("citext");

        // Group names are unique case-insensitively (ManagementApi/Groups compares them COLLATE NOCASE on SQLite).
        builder.Entity<Core.Groups.Group>().Property(group => group.Name).HasColumnType("citext");
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetDeclaredProperties())
            {
                if (string.Equals(property.GetCollation(), NoCaseCollation, StringComparison.Ordinal))
                {
                    property.SetCollation(null);
                    property.SetColumnType("citext");
                }

                if ((Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(ToUtc);
                    property.SetProviderClrType(null);
                }
            }
        }
    }
}
