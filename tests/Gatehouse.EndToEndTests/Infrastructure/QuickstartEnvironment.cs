using System.Text.RegularExpressions;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>
/// Gatehouse (the real executable, seeded with the demo org) and three instances of the sample app registered with
/// it: as shipped, with authentication required everywhere, and one whose clock the token-renewal test advances.
/// One Chromium drives them all; each test opens its own browser context.
/// </summary>
public sealed class QuickstartEnvironment : IAsyncLifetime
{
    public GatehouseProcess Gatehouse { get; private set; } = null!;

    public SampleApp App { get; private set; } = null!;

    public SampleApp AppRequiringAuthentication { get; private set; } = null!;

    public SampleApp AppForRenewal { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        int[] ports = [Repository.FreePort(), Repository.FreePort(), Repository.FreePort()];
        Gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor(ports.Select(port => $"https://localhost:{port}")));
        App = new SampleApp(Gatehouse, ports[0]);
        AppRequiringAuthentication = new SampleApp(Gatehouse, ports[1], requireAuthenticationEverywhere: true);
        AppForRenewal = new SampleApp(Gatehouse, ports[2]);
        Chromium = await Chromium.LaunchAsync(Gatehouse.CaPath);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        foreach (var app in new[] { App, AppRequiringAuthentication, AppForRenewal })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        if (Gatehouse is not null)
        {
            await Gatehouse.DisposeAsync();
        }
    }

    /// <summary>Expects Gatehouse's hosted sign-in page and submits the credentials.</summary>
    public static async Task SubmitSignInAsync(IPage page, string gatehouseOrigin, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page).ToHaveURLAsync(OnPage(gatehouseOrigin, "/signin"));
        await page.Locator("[name='Input.Username']").FillAsync(username);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("#signin-submit").ClickAsync();
    }

    /// <summary>Matches <paramref name="origin"/> + <paramref name="path"/> with any query string.</summary>
    public static Regex OnPage(string origin, string path) => new("^" + Regex.Escape(origin + path) + @"(\?.*)?$", RegexOptions.None, TimeSpan.FromSeconds(1));
}

[CollectionDefinition(Name)]
public sealed class QuickstartGroup : ICollectionFixture<QuickstartEnvironment>
{
    public const string Name = "Quickstart";
}
