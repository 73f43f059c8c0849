using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gatehouse.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GatehouseDbContext>
{
    public GatehouseDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<GatehouseDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .UseOpenIddict()
            .Options;
        return new GatehouseDbContext(options);
    }
}
