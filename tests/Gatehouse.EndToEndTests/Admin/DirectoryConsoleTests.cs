using Gatehouse.EndToEndTests.Infrastructure;

using Microsoft.Playwright;

using static Gatehouse.EndToEndTests.Infrastructure.QuickstartEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Admin;

/// <summary>
/// Directory > People and Groups in the admin console, driven as an admin would: add a person without a password and
/// copy the one-time set-password link, suspend (confirmed) and unsuspend, reset the password; add a group, add the
/// person to it, remove them (confirmed), delete the group (confirmed). Writes screenshots to docs/screenshots/.
/// </summary>
public sealed class DirectoryConsoleTests
{
    [Fact]
    public async Task Console_ManagesPeopleAndGroups()
    {
        await using var gatehouse = await GatehouseProcess.StartAsync(Demo.SeedFor(["https://localhost:1"]));
        await using var chromium = await Chromium.LaunchAsync(gatehouse.CaPath);
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(gatehouse.Origin + "/admin");
        await SubmitSignInAsync(page, gatehouse.Origin, Demo.Alice, Demo.AlicePassword);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });

        // People > Add person, without a password: a one-time set-password link to copy.
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = Demo.Alice })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add person" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Grace");
        await page.GetByLabel("Last name").FillAsync("Hopper");
        await page.GetByLabel("Username").FillAsync("grace@example.com");
        await page.GetByLabel("Primary email").FillAsync("grace@example.com");
        await page.GetByLabel("The person sets it with a one-time link").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#created")).ToContainTextAsync("PROVISIONED");
        await Expect(page.Locator("#set-password-link")).ToContainTextAsync(gatehouse.Origin + "/reset_password/");
        await ScreenshotAsync(page, "admin-person-set-password-link");

        // The link opens Gatehouse's set-password page.
        var link = (await page.Locator("#set-password-link").InnerTextAsync()).Trim();
        var visitor = await chromium.NewPageAsync();
        var opened = await visitor.GotoAsync(link);
        Assert.Equal(200, opened!.Status);

        // Search finds her; her page offers the operations of her status.
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await page.GetByLabel("Search by name, login or email").FillAsync("gra");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#users tbody tr")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "admin-people");
        await page.GetByRole(AriaRole.Link, new() { Name = "Grace Hopper" }).ClickAsync();
        await Expect(page.Locator("#user-status")).ToHaveTextAsync("PROVISIONED");

        // Alice: suspend (confirmed), unsuspend, reset password with a copyable link.
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Demo.AliceName }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Suspend…" }).ClickAsync();
        await ScreenshotAsync(page, "admin-person-suspend-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Expect(page.Locator("#user-status")).ToHaveTextAsync("SUSPENDED");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsuspend" }).ClickAsync();
        await Expect(page.Locator("#user-status")).ToHaveTextAsync("ACTIVE");
        await ScreenshotAsync(page, "admin-person");

        // Groups > Add group, add Grace, remove her (confirmed), delete the group (confirmed).
        await nav.GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Pilots");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add group" }).ClickAsync();
        await Expect(page.Locator("#done")).ToHaveTextAsync("Group added.");
        await page.GetByLabel("Username").FillAsync("grace@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.Locator("#members")).ToContainTextAsync("grace@example.com");
        await ScreenshotAsync(page, "admin-group");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove grace@example.com from Pilots" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(page.Locator("#no-members")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete group…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete group" }).ClickAsync();
        await Expect(page.Locator("#done")).ToHaveTextAsync("The group Pilots was deleted.");
        await ScreenshotAsync(page, "admin-groups");

        // Reset Alice's password last (it ends her sessions, the console's included).
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Demo.AliceName }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reset password…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await Expect(page.Locator("#reset-link")).ToContainTextAsync(gatehouse.Origin + "/reset_password/");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy the one-time link" })).ToBeVisibleAsync();
    }

    private static Task ScreenshotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);
}
