using Gatehouse.EndToEndTests.Infrastructure;

using Microsoft.Playwright;

using static Gatehouse.EndToEndTests.Infrastructure.QuickstartEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Admin;

/// <summary>
/// Security (authorization server and its token lifetimes, trusted origins, API tokens) and Reports &gt; System Log,
/// driven in Chromium as an admin would, keyboard and mouse. Writes screenshots to docs/screenshots/.
/// </summary>
public sealed class SecurityAndReportsTests
{
    [Fact]
    public async Task Console_EditsLifetimesAddsAndDeletesAnOriginAndCreatesAndRevokesAToken()
    {
        await using var gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor(["https://localhost:1"]));
        await using var chromium = await Chromium.LaunchAsync(gatehouse.CaPath);
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(gatehouse.Origin + "/admin");
        await SubmitSignInAsync(page, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);

        // Security > Authorization server: issuer, audience, the default rule's lifetimes.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();
        await Expect(page.Locator("#issuer")).ToHaveTextAsync(gatehouse.Origin + "/oauth2/default");
        await Expect(page.Locator("#audience")).ToHaveTextAsync("api://default");
        await ScreenshotAsync(page, "admin-security-authorization-server");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit token lifetimes of Default Policy Rule" }).ClickAsync();
        await page.GetByLabel("Access token lifetime (minutes)").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#errors")).ToContainTextAsync("Access token lifetime must be between 5 minutes and 1 day.");
        await page.GetByLabel("Access token lifetime (minutes)").FillAsync("30");
        await page.GetByLabel("Access token lifetime (minutes)").PressAsync("Enter");
        await Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "30 minutes" })).ToBeVisibleAsync();

        // Trusted Origins: add with CORS, then delete after confirming.
        await page.GetByRole(AriaRole.Link, new() { Name = "Trusted Origins" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("My SPA");
        await page.GetByLabel("Origin URL").FillAsync("https://spa.example.test");
        await page.GetByLabel("CORS: allow cross-origin requests from this origin").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#added")).ToContainTextAsync("https://spa.example.test");
        await ScreenshotAsync(page, "admin-security-trusted-origins");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete My SPA" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("#deleted")).ToBeVisibleAsync();
        await Expect(page.Locator("#origins")).Not.ToContainTextAsync("spa.example.test");

        // API Tokens: the value once, then it works on /api/v1 until revoked.
        await page.GetByRole(AriaRole.Link, new() { Name = "API Tokens" }).ClickAsync();
        await page.GetByLabel("What do you want your token to be named?").FillAsync("Terraform");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Token" }).ClickAsync();
        var value = (await page.Locator("#token-value").InnerTextAsync()).Trim();
        await ScreenshotAsync(page, "admin-security-api-token-created");
        Assert.Equal(200, await ApiStatusAsync(page, gatehouse.Origin, value));
        await page.GotoAsync(gatehouse.Origin + "/admin/security/api-tokens");
        await Expect(page.Locator("#token-value")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Revoke Terraform" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("#revoked")).ToBeVisibleAsync();
        Assert.Equal(401, await ApiStatusAsync(page, gatehouse.Origin, value));
    }

    [Fact]
    public async Task SystemLog_FiltersEventsAndIsReadableOnAPhone()
    {
        await using var gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor(["https://localhost:1"]));
        await using var chromium = await Chromium.LaunchAsync(gatehouse.CaPath);
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(gatehouse.Origin + "/admin");
        await SubmitSignInAsync(page, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "System Log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "System Log" })).ToBeVisibleAsync();
        await page.GetByLabel("Event type").FillAsync("user.session.start");
        await page.GetByLabel("Actor (login or id)").FillAsync(Demo.Alice);
        await page.GetByLabel("Outcome").SelectOptionAsync("SUCCESS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#events tbody tr").First).ToContainTextAsync("user.session.start");
        await Expect(page.Locator("#events tbody tr").First).ToContainTextAsync(Demo.Alice);
        await ScreenshotAsync(page, "admin-reports-system-log");

        await page.GetByLabel("Since (UTC)").FillAsync("2030-01-02T00:00");
        await page.GetByLabel("Until (UTC)").FillAsync("2030-01-01T00:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#errors")).ToContainTextAsync("since: must be before until");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(gatehouse.Origin + "/admin/reports/system-log");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ScreenshotAsync(page, "admin-reports-system-log-390px");
    }

    /// <summary>A management API call with the token from the console's origin (same-origin fetch, no cookies): its HTTP status.</summary>
    private static Task<int> ApiStatusAsync(IPage page, string origin, string token) =>
        page.EvaluateAsync<int>(
            "async ([url, token]) => (await fetch(url, { credentials: 'omit', headers: { Authorization: 'SSWS ' + token } })).status",
            new[] { origin + "/api/v1/users?limit=1", token });

    private static Task ScreenshotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);
}
