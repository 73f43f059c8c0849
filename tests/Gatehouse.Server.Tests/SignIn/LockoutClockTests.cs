using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SignIn;

/// <summary>
/// Lockout follows the server's clock (Identity/GatehouseUserManager.cs): it ends after its duration, and the
/// management API shows the user as Okta's LOCKED_OUT meanwhile. Own server.
/// </summary>
public sealed class LockoutClockTests
{
    [Fact]
    public async Task Lockout_EndsAfterItsDurationOnTheServerClock()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gatehouse:LockoutMaxFailedAttempts"] = "3",
            ["Gatehouse:LockoutDuration"] = "00:15:00",
        });
        using var browser = new Browser(server);
        var signInPage = new Uri(server.Origin + "/signin?returnUrl=%2F");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, "wrong-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var api = new ManagementApiClient(server);
        Assert.Equal("LOCKED_OUT", (await api.GetAsync("/api/v1/users/" + TestSeed.Bob))["status"]);

        server.Clock.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, TestSeed.BobPassword))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stillLocked.StatusCode);
        }

        Assert.Equal("LOCKED_OUT", (await api.GetAsync("/api/v1/users/" + TestSeed.Bob))["status"]);
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("ACTIVE", (await api.GetAsync("/api/v1/users/" + TestSeed.Bob))["status"]);
        using var unlocked = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, TestSeed.BobPassword);
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
    }
}
