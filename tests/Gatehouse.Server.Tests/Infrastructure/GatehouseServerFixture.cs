namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>One seeded server shared by the protocol tests (they run one class at a time: they share its clock).</summary>
public sealed class GatehouseServerFixture : IAsyncLifetime
{
    public GatehouseServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatehouseServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GatehouseServerGroup : ICollectionFixture<GatehouseServerFixture>
{
    public const string Name = "Gatehouse server";
}
