using Gatehouse.EndToEndTests.Infrastructure;

using Microsoft.Playwright;

using static Gatehouse.EndToEndTests.Infrastructure.QuickstartEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Admin;

/// <summary>
/// The guide's "set up the integration manually" and "find your config values", in the admin console, then the
/// sample web app configured with the copied values signs a user in. Writes screenshots to docs/screenshots/.
/// </summary>
public sealed class CreateAppIntegrationTests
{
    private const string AppName = "My Quickstart App";

    [Fact]
    public async Task Console_CreatesWebAppWhoseCopiedSettingsSignAUserInThroughTheSample()
    {
        var samplePort = Repository.FreePort();
        var sampleOrigin = $"https://localhost:{samplePort}";
        await using var gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor(["https://localhost:1"]));
        await using var chromium = await Chromium.LaunchAsync(gatehouse.CaPath);
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);

        // Sign in to the Admin Console as an admin.
        await page.GotoAsync(gatehouse.Origin + "/admin");
        await SubmitSignInAsync(page, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-dashboard");

        // Applications > Create App Integration > OIDC - OpenID Connect > Web Application > Next.
        // The guide's words: Applications > Applications (section, then page); the Okta domain in the header.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });
        await Expect(nav.Locator(".nav-section", new() { HasText = "Applications" })).ToBeVisibleAsync();
        await Expect(page.Locator("header .domain")).ToContainTextAsync("Okta domain");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Applications" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create App Integration" }).ClickAsync();
        await page.GetByLabel("OIDC - OpenID Connect").CheckAsync();
        await page.GetByLabel("Web Application").CheckAsync();
        await ScreenshotAsync(page, "admin-create-app-type");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // Name, grant types, sign-in redirect URI (the default first, replaced by the sample's), Everyone, Save.
        await Expect(page.GetByLabel("Sign-in redirect URIs")).ToHaveValueAsync("http://localhost:8080/authorization-code/callback");
        await page.GetByLabel("App integration name").FillAsync(AppName);
        // The sample keeps the user signed in with a refresh token (it asks for offline_access).
        await page.GetByLabel("Refresh Token").CheckAsync();
        await page.GetByLabel("Sign-in redirect URIs").FillAsync(sampleOrigin + "/authorization-code/callback");
        await page.GetByLabel("Sign-out redirect URIs").FillAsync(sampleOrigin + "/signout/callback");
        await page.GetByRole(AriaRole.Group, new() { Name = "Controlled access" }).GetByLabel("Allow everyone in your organization to access").CheckAsync();
        await ScreenshotAsync(page, "admin-create-app-settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // Find the config values on the General tab: Client ID, Client Secret (revealed), the domain.
        await Expect(page.Locator("#created")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "General" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("dl.fields dt").GetByText("Client ID", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("dl.fields dt").GetByText("Client Secret", new() { Exact = true })).ToBeVisibleAsync();
        var clientId = (await page.Locator("#client-id").InnerTextAsync()).Trim();
        var domain = (await page.Locator("#org-domain").InnerTextAsync()).Trim();
        await ScreenshotAsync(page, "admin-app-general");
        await page.GetByRole(AriaRole.Link, new() { Name = "Reveal" }).ClickAsync();
        var clientSecret = (await page.Locator("#client-secret").InnerTextAsync()).Trim();
        Assert.Equal(gatehouse.Origin, domain);
        Assert.Equal(40, clientSecret.Length);

        // Into the sample app's settings; sign a user in through it.
        await using var sample = new SampleApp(gatehouse, samplePort, clientId: clientId, clientSecret: clientSecret, oktaDomain: domain);
        var user = await chromium.NewPageAsync();
        await user.GotoAsync(sampleOrigin + "/");
        await user.Locator("#sign-in").ClickAsync();
        await SubmitSignInAsync(user, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);
        await Expect(user).ToHaveURLAsync(OnPage(sampleOrigin, "/"));
        await Expect(user.Locator("#hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
    }

    private static Task ScreenshotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);
}
