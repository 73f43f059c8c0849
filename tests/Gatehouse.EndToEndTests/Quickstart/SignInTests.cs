using System.Globalization;

using Gatehouse.EndToEndTests.Infrastructure;

using Microsoft.Playwright;

using static Gatehouse.EndToEndTests.Infrastructure.QuickstartEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.EndToEndTests.Quickstart;

/// <summary>The guide's "Sign in a user" and access levels, in a browser, against the sample app.</summary>
[Collection(QuickstartGroup.Name)]
public sealed class SignInTests(QuickstartEnvironment environment)
{
    private const string SignInError = "Unable to sign in. Check your username and password.";

    private string Gatehouse => environment.Gatehouse.Origin;

    [Fact]
    public async Task SignIn_ShowsProfileThenSignOutReturnsHomeSignedOut()
    {
        var app = environment.App.Origin;
        var page = await environment.Chromium.NewPageAsync();

        await page.GotoAsync(app + "/");
        await Expect(page.Locator("#status")).ToContainTextAsync("You are not signed in");
        await page.Locator("#sign-in").ClickAsync();
        await SubmitSignInAsync(page, Gatehouse, Demo.Alice, Demo.AlicePassword);

        await Expect(page).ToHaveURLAsync(OnPage(app, "/"));
        await Expect(page.Locator("#hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Profile", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OnPage(app, "/Home/Profile"));
        await Expect(page.Locator("#profile-hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
        await Expect(page.Locator("[id='claim-name']")).ToHaveTextAsync(Demo.AliceName);
        await Expect(page.Locator("[id='claim-email']")).ToHaveTextAsync(Demo.Alice);

        await page.Locator("#sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(OnPage(app, "/Home/"));
        await Expect(page.Locator("#status")).ToContainTextAsync("You are not signed in");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();

        // Gatehouse's session ended too: signing in again asks for the credentials.
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(OnPage(Gatehouse, "/signin"));
        await Expect(page.Locator("[name='Input.Password']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WrongPasswordShowsErrorAndStaysOnSignInPage()
    {
        var app = environment.App.Origin;
        var page = await environment.Chromium.NewPageAsync();

        await page.GotoAsync(app + "/Account/SignIn");
        await SubmitSignInAsync(page, Gatehouse, Demo.Alice, "Wrong-Password-1");

        await Expect(page.Locator("#signin-error")).ToHaveTextAsync(SignInError);
        await Expect(page).ToHaveURLAsync(OnPage(Gatehouse, "/signin"));
        await Expect(page.Locator("[name='Input.Username']")).ToHaveValueAsync(Demo.Alice);

        await page.GotoAsync(app + "/");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ProtectedPage_SendsToSignInAndBackToThatPage()
    {
        var app = environment.App.Origin;
        var page = await environment.Chromium.NewPageAsync();

        await page.GotoAsync(app + "/Home/Profile");
        await SubmitSignInAsync(page, Gatehouse, Demo.Alice, Demo.AlicePassword);

        await Expect(page).ToHaveURLAsync(OnPage(app, "/Home/Profile"));
        await Expect(page.Locator("#profile-hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
    }

    [Fact]
    public async Task RequireAuthenticationEverywhere_HomeAsksForSignInButAnonymousPageDoesNot()
    {
        var app = environment.AppRequiringAuthentication.Origin;
        var page = await environment.Chromium.NewPageAsync();

        await page.GotoAsync(app + "/Home/Privacy");
        await Expect(page).ToHaveURLAsync(OnPage(app, "/Home/Privacy"));
        await Expect(page.Locator("#anonymous")).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();

        await page.GotoAsync(app + "/");
        await SubmitSignInAsync(page, Gatehouse, Demo.Alice, Demo.AlicePassword);
        await Expect(page).ToHaveURLAsync(OnPage(app, "/"));
        await Expect(page.Locator("#hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
    }

    [Fact]
    public async Task AccessToken_RenewedWithRefreshTokenOnceExpired()
    {
        var sample = environment.AppForRenewal;
        var page = await environment.Chromium.NewPageAsync();
        await page.GotoAsync(sample.Origin + "/Home/Profile");
        await SubmitSignInAsync(page, Gatehouse, Demo.Alice, Demo.AlicePassword);
        await Expect(page.Locator("#profile-hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
        var issued = await ExpiresAtAsync(page);
        Assert.InRange(issued - sample.Clock.GetUtcNow(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        // Not expired yet: the same token.
        sample.Clock.Advance(TimeSpan.FromMinutes(30));
        await page.ReloadAsync();
        Assert.Equal(issued, await ExpiresAtAsync(page));

        // Expired: renewed with the refresh token, still signed in, and the new token is good for an hour.
        sample.Clock.Advance(TimeSpan.FromMinutes(31));
        await page.ReloadAsync();
        await Expect(page.Locator("#profile-hello")).ToHaveTextAsync("Hello, " + Demo.AliceName);
        var renewed = await ExpiresAtAsync(page);
        Assert.InRange(renewed - sample.Clock.GetUtcNow(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        // The renewed cookie is kept: the next request does not renew again.
        await page.ReloadAsync();
        Assert.Equal(renewed, await ExpiresAtAsync(page));
    }

    private static async Task<DateTimeOffset> ExpiresAtAsync(IPage page) => DateTimeOffset.Parse(
        await page.Locator("#access-token-expires-at").InnerTextAsync(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
