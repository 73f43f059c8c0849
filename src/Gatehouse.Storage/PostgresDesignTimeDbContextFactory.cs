using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gatehouse.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add --context PostgresGatehouseDbContext</c> build the PostgreSQL model without a server
/// (adding a migration never connects; CONTRIBUTING.md, "Migrations").
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresGatehouseDbContext>
{
    public PostgresGatehouseDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresGatehouseDbContext>()
            .UseNpgsql("Host=localhost;Database=gatehouse_design_time")
            .UseOpenIddict()
            .Options;
        return new PostgresGatehouseDbContext(options);
    }
}
