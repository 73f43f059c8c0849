using System.Net;

using Gatehouse.Server.Pages.SignIn;
using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.SignIn;

/// <summary>
/// Okta's default password policy locks an account after 10 failed sign-ins. A server of its own: the lockout
/// must not leak into the shared server's users.
/// </summary>
public sealed class LockoutTests
{
    [Fact]
    public async Task Lockout_CorrectPasswordFailsAfterTenFailures()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var browser = new Browser(server);
        var signInPage = new Uri(server.Origin + "/signin?returnUrl=%2F");

        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, "wrong-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var locked = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, TestSeed.BobPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        // The locked account answers like any failure: nothing tells an attacker the password was right.
        Assert.Contains(SignInModel.FailureMessage, await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(locked.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            cookie => cookie.StartsWith("gatehouse_session=", StringComparison.Ordinal));

        // Other users are unaffected.
        using var alice = await browser.SubmitSignInAsync(signInPage, TestSeed.Alice, TestSeed.AlicePassword);
        Assert.Equal(HttpStatusCode.Redirect, alice.StatusCode);
    }

    [Fact]
    public async Task Lockout_MaxFailedAttemptsIsConfigurable()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?> { ["Gatehouse:LockoutMaxFailedAttempts"] = "3" });
        using var browser = new Browser(server);
        var signInPage = new Uri(server.Origin + "/signin?returnUrl=%2F");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, "wrong-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var locked = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, TestSeed.BobPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
    }
}
