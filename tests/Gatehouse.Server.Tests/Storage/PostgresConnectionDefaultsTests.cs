using Gatehouse.Server.Hosting.Storage;

using Npgsql;

namespace Gatehouse.Server.Tests.Storage;

/// <summary>
/// A PostgreSQL connection string without a <c>Max Auto Prepare</c> gets Gatehouse's default (statements prepared
/// once per connection: docs/performance.md); one that sets it, in any of Npgsql's spellings, keeps its value.
/// </summary>
public sealed class PostgresConnectionDefaultsTests
{
    private const string Base = "Host=db.internal;Port=5432;Database=gatehouse;Username=gatehouse;Password=secret;SSL Mode=VerifyFull";

    [Fact]
    public void WithoutMaxAutoPrepare_StatementsArePreparedAndTheRestIsKept()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(Base));

        Assert.Equal(PostgresConnectionDefaults.MaxAutoPrepare, applied.MaxAutoPrepare);
        Assert.Equal("db.internal", applied.Host);
        Assert.Equal("gatehouse", applied.Database);
        Assert.Equal("secret", applied.Password);
        Assert.Equal(SslMode.VerifyFull, applied.SslMode);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("max auto prepare=7", 7)]
    [InlineData("MaxAutoPrepare=12", 12)]
    public void AnExplicitMaxAutoPrepare_IsKept(string setting, int expected)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply($"{Base};{setting}"));

        Assert.Equal(expected, applied.MaxAutoPrepare);
    }
}
