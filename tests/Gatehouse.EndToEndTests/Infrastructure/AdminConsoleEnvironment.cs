namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>
/// One Gatehouse (the demo org) and one Chromium for the console tests that can share them; each test opens its own
/// browser context and signs in itself.
/// </summary>
public sealed class AdminConsoleEnvironment : IAsyncLifetime
{
    /// <summary>The redirect URI the demo's web app is registered with here (nothing listens on it).</summary>
    public const string SampleOrigin = "https://localhost:1";

    public GatehouseProcess Gatehouse { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor([SampleOrigin]));
        Chromium = await Chromium.LaunchAsync(Gatehouse.CaPath);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        if (Gatehouse is not null)
        {
            await Gatehouse.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminConsoleGroup : ICollectionFixture<AdminConsoleEnvironment>
{
    public const string Name = "AdminConsole";
}
