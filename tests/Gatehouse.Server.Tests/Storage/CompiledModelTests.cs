using Gatehouse.Storage;
using Gatehouse.Storage.CompiledModels.Sqlite;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Gatehouse.Server.Tests.Storage;

/// <summary>
/// The server starts from the compiled SQLite model (cold start, docs/performance.md). It must describe the same
/// tables as the model built from the entity configuration, or the server would read and write the wrong schema:
/// regenerate it with `dotnet ef dbcontext optimize` (CONTRIBUTING.md) after every model change.
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void CompiledSqliteModel_MatchesTheModelBuiltFromTheConfiguration()
    {
        using var built = new GatehouseDbContext(new DbContextOptionsBuilder<GatehouseDbContext>()
            .UseSqlite("Data Source=:memory:").UseOpenIddict().Options);
        using var compiled = new GatehouseDbContext(new DbContextOptionsBuilder<GatehouseDbContext>()
            .UseSqlite("Data Source=:memory:").UseOpenIddict().UseModel(GatehouseDbContextModel.Instance).Options);

        // The read-optimized compiled model cannot be diffed by EF's migrations differ: compare the schema it maps.
        var expected = Schema(built.GetService<IDesignTimeModel>().Model);
        Assert.Contains("OpenIddictTokens pk Id", expected);
        Assert.Equal(expected, Schema(compiled.Model));
    }

    private static string[] Schema(IModel model) =>
    [
        .. model.GetRelationalModel().Tables.SelectMany(table =>
            table.Columns.Select(column => $"{table.Name}.{column.Name} {column.StoreType} null={column.IsNullable}")
                .Concat(table.Indexes.Select(index => $"{table.Name} index {index.Name} ({string.Join(",", index.Columns.Select(column => column.Name))}) unique={index.IsUnique}"))
                .Concat(table.ForeignKeyConstraints.Select(key => $"{table.Name} fk {key.Name} -> {key.PrincipalTable.Name} {key.OnDeleteAction}"))
                .Concat(table.PrimaryKey is { } primaryKey ? [$"{table.Name} pk {string.Join(",", primaryKey.Columns.Select(column => column.Name))}"] : []))
            .Order(StringComparer.Ordinal),
    ];
}
