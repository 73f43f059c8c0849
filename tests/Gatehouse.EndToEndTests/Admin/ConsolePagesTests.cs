using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Gatehouse.EndToEndTests.Infrastructure;

using Microsoft.Playwright;

using static Gatehouse.EndToEndTests.Infrastructure.QuickstartEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Admin;

/// <summary>
/// The console pages the guide's walk does not reach: an app's Assignments tab, rotating its secret (the old one
/// refused at the token endpoint, the new one accepted), the confirm pages of destructive actions, Expire password,
/// the authorization server's scopes and claims, the Forbidden page and signing out; then every key page at 390 px
/// and 1280 px, and a form by keyboard alone. One Gatehouse and one Chromium for all of them.
/// </summary>
[Collection(AdminConsoleGroup.Name)]
public sealed class ConsolePagesTests(AdminConsoleEnvironment environment)
{
    private const string AppLabel = "Quickstart Web App";

    private static readonly string[] KeyPages =
    [
        "/admin", "/admin/apps", "/admin/apps/create", "/admin/apps/new/web", "{app}", "{app}/assignments", "/admin/users", "/admin/users/create",
        "/admin/groups", "/admin/customizations", "/admin/security/authorization-server", "/admin/security/trusted-origins",
        "/admin/security/api-tokens", "/admin/reports/system-log", "/admin/signout",
    ];

    private GatehouseProcess Gatehouse => environment.Gatehouse;

    [Fact]
    public async Task Console_AssignsRotatesTheSecretConfirmsDestructiveActionsAndSignsOut()
    {
        var page = await SignInAsync(1280, 800);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });

        // Applications > the app > Assignments: assign a group and a person, then remove both (confirmed).
        await nav.GetByRole(AriaRole.Link, new() { Name = "Applications" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = AppLabel }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Assignments" }).ClickAsync();
        await page.GetByLabel("Assign to group").SelectOptionAsync(new SelectOptionValue { Label = "Engineering" });
        await page.Locator("#assign-group").ClickAsync();
        await Expect(page.Locator("#assigned-groups")).ToContainTextAsync("Engineering");
        await page.GetByLabel("Assign to person").SelectOptionAsync(new SelectOptionValue { Label = "bob@example.com" });
        await page.Locator("#assign-user").ClickAsync();
        await Expect(page.Locator("#assigned-users")).ToContainTextAsync("bob@example.com");
        await Screenshots.TakeAsync(page, "admin-app-assignments");

        await page.Locator("#assigned-groups tr", new() { HasText = "Engineering" }).GetByRole(AriaRole.Link, new() { Name = "Remove" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Remove Engineering from {AppLabel}?" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "admin-app-remove-assignment-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(page.Locator("#assigned-groups")).Not.ToContainTextAsync("Engineering");
        await page.Locator("#assigned-users tr", new() { HasText = "bob@example.com" }).GetByRole(AriaRole.Link, new() { Name = "Remove" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(page.Locator("#no-users")).ToBeVisibleAsync();

        // General > Reveal (signed in under 5 minutes ago) > Generate new secret (confirmed).
        await page.GetByRole(AriaRole.Link, new() { Name = "General" }).ClickAsync();
        var clientId = (await page.Locator("#client-id").InnerTextAsync()).Trim();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reveal" }).ClickAsync();
        var oldSecret = (await page.Locator("#client-secret").InnerTextAsync()).Trim();
        Assert.Equal(Demo.ClientSecret, oldSecret);
        await page.GetByRole(AriaRole.Link, new() { Name = "Generate new secret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Generate a new client secret?" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "admin-app-rotate-secret-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate new secret" }).ClickAsync();
        await Expect(page.Locator("#rotated")).ToBeVisibleAsync();
        var newSecret = (await page.Locator("#client-secret").InnerTextAsync()).Trim();
        Assert.NotEqual(oldSecret, newSecret);

        // The token endpoint: the old secret is an unknown client, the new one gets as far as the (bogus) code.
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), await TokenErrorAsync(clientId, oldSecret));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), await TokenErrorAsync(clientId, newSecret));

        // Security > Authorization server: scopes and claims with their settings.
        await nav.GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();
        await Expect(page.Locator("#scopes tr", new() { HasText = "orders.read" })).ToContainTextAsync("Implicit");
        await Expect(page.Locator("#claims tr", new() { HasText = "groups" }).First).ToContainTextAsync("Groups (regex filter)");

        // People > a person > Expire password… (confirmed).
        await CreatePersonAsync("erin@example.com", "Erin", "Expiry");
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Erin Expiry" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Expire password…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Expire password Erin Expiry (erin@example.com)?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Expire password" }).ClickAsync();
        await Expect(page.Locator("#user-status")).ToHaveTextAsync("PASSWORD_EXPIRED");
        await Expect(page.Locator("#done")).ToHaveTextAsync("Password expired.");

        // Sign out (confirmed): the next visit to the console asks for a password again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "admin-signout-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(OnPage(Gatehouse.Origin, "/admin/signout"));
        await page.GotoAsync(Gatehouse.Origin + "/admin");
        await Expect(page).ToHaveURLAsync(OnPage(Gatehouse.Origin, "/signin"));
    }

    [Fact]
    public async Task Console_RefusesAPersonWithoutAnAdminRole()
    {
        var page = await environment.Chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(Gatehouse.Origin + "/admin");
        // Bob, of the demo org, has no admin role.
        await SubmitSignInAsync(page, Gatehouse.Origin, "bob@example.com", "Hammer-Time-2026!");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You can't use the admin console" })).ToBeVisibleAsync();
        await Expect(page.Locator("#forbidden")).ToContainTextAsync("administrators only");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Console" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task KeyPages_FitA390PxPhoneAndA1280PxScreen()
    {
        var page = await SignInAsync(1280, 800);
        await page.GotoAsync(Gatehouse.Origin + "/admin/apps");
        var app = await page.GetByRole(AriaRole.Link, new() { Name = AppLabel }).GetAttributeAsync("href");
        var tooWide = new List<string>();
        foreach (var (width, height) in new[] { (390, 844), (1280, 800) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in KeyPages.Select(path => path.Replace("{app}", app, StringComparison.Ordinal)))
            {
                var response = await page.GotoAsync(Gatehouse.Origin + path);
                Assert.Equal(200, response!.Status);
                await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (scrollWidth > width)
                {
                    tooWide.Add($"{path} at {width}px: {scrollWidth}px wide");
                }
            }
        }

        Assert.Empty(tooWide);
        await page.SetViewportSizeAsync(390, 844);
        foreach (var (path, name) in new[] { ("/admin/apps", "admin-apps-390px"), ("/admin/users?q=alice", "admin-people-390px"), ("/admin/customizations", "admin-customizations-390px") })
        {
            await page.GotoAsync(Gatehouse.Origin + path);
            await Screenshots.TakeAsync(page, name);
        }
    }

    [Fact]
    public async Task Forms_CanBeCompletedWithTheKeyboardAlone()
    {
        var page = await SignInAsync(1280, 800);

        // Groups > Add group: Tab to the field, type, Enter.
        await page.GotoAsync(Gatehouse.Origin + "/admin/groups");
        await TabToAsync(page, "group-name");
        await page.Keyboard.TypeAsync("Keyboard Crew");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#done")).ToHaveTextAsync("Group added.");

        // Security > Trusted Origins: two fields and a checkbox (Space), then Enter on Save.
        await page.GotoAsync(Gatehouse.Origin + "/admin/security/trusted-origins");
        await TabToAsync(page, "origin-name");
        await page.Keyboard.TypeAsync("Keyboard SPA");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("https://keyboard.example.test");
        await TabToAsync(page, "origin-cors");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "origin-save");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#added")).ToContainTextAsync("https://keyboard.example.test");
    }

    /// <summary>Presses Tab until the element with <paramref name="id"/> has the focus (as a keyboard user would).</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id") == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached #{id}.");
    }

    private async Task<IPage> SignInAsync(int width, int height)
    {
        var page = await environment.Chromium.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync(Gatehouse.Origin + "/admin");
        await SubmitSignInAsync(page, Gatehouse.Origin, Demo.Alice, Demo.AlicePassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A person with a password, through /api/v1 with the demo seed's API token.</summary>
    private async Task CreatePersonAsync(string login, string firstName, string lastName)
    {
        using var http = Gatehouse.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users?activate=true")
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new
                {
                    profile = new { login, email = login, firstName, lastName },
                    credentials = new { password = new { value = "Copper-Kettle-2026" } },
                }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", Demo.ApiToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A code exchange with a bogus code at the org server's token endpoint: its status and error.</summary>
    private async Task<(HttpStatusCode Status, string Error)> TokenErrorAsync(string clientId, string clientSecret)
    {
        using var http = Gatehouse.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = "not-a-code",
                ["redirect_uri"] = AdminConsoleEnvironment.SampleOrigin + "/authorization-code/callback",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("error").GetString()!);
    }
}
