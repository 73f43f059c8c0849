using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary><c>user.account.lock</c> once, when a failure locks the account; later attempts are failures with reason LOCKED_OUT.</summary>
public sealed class LockoutLogTests
{
    [Fact]
    public async Task Lockout_RecordsAccountLockOnceThenLockedOutFailures()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?> { ["Gatehouse:LockoutMaxFailedAttempts"] = "3" });
        using var api = new ManagementApiClient(server);
        using var browser = new Browser(server);
        var signInPage = new Uri(server.Origin + "/signin?returnUrl=%2F");
        var bobId = (await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(TestSeed.Bob)))["id"]!;
        var since = LogsApi.Now(server);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, "wrong-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var locked = await browser.SubmitSignInAsync(signInPage, TestSeed.Bob, TestSeed.BobPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        var lockEvent = await LogsApi.SingleAsync(api, since, "user.account.lock", $"target.id eq \"{bobId}\"");
        Assert.Equal(bobId, lockEvent.Text("actor", "id"));
        var failures = await LogsApi.EventsAsync(api, ("since", since), ("filter", $"eventType eq \"user.session.start\" and actor.id eq \"{bobId}\""));
        Assert.Equal(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "LOCKED_OUT"], failures.Select(failure => failure.Text("outcome", "reason")));
        Assert.All(failures, failure => Assert.Equal("FAILURE", failure.Text("outcome", "result")));
    }
}
