using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>The hosted sign-in page's events: <c>user.session.start</c> with the outcome, <c>user.session.end</c>; never a password.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class SignInLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task SignIn_FailureThenSuccessRecordedWithActorAndOutcomeNeverThePassword()
    {
        using var api = new ManagementApiClient(Server);
        var user = await UsersApiTests.CreateAsync(api, "log-signin", activate: true);
        var (id, login) = (user["id"]!, UsersApiTests.Profile(user, "login")!);
        var since = LogsApi.Now(Server);
        using var browser = new Browser(Server);
        var signInPage = new Uri(Server.Origin + "/signin?returnUrl=%2F");
        const string WrongPassword = "Not-The-Password-7731";

        using var failure = await browser.SubmitSignInAsync(signInPage, login, WrongPassword);
        using var success = await browser.SubmitSignInAsync(signInPage, login, UsersApiTests.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, success.StatusCode);
        var response = await api.GetAsync(LogsApi.Url(("since", since), ("filter", $"eventType eq \"user.session.start\" and actor.id eq \"{id}\"")));
        var events = response.Json.EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        var (failed, succeeded) = (events[0], events[1]);
        Assert.Equal("FAILURE", failed.Text("outcome", "result"));
        Assert.Equal("INVALID_CREDENTIALS", failed.Text("outcome", "reason"));
        Assert.Equal("SUCCESS", succeeded.Text("outcome", "result"));
        foreach (var logEvent in events)
        {
            Assert.Equal("User", logEvent.Text("actor", "type"));
            Assert.Equal(login, logEvent.Text("actor", "alternateId"));
            Assert.Equal("0", logEvent.Text("version"));
            Assert.Equal("WEB", logEvent.Text("transaction", "type"));
            Assert.Equal("PASSWORD", logEvent.Text("authenticationContext", "credentialType"));
            Assert.Equal("127.0.0.1", logEvent.Text("client", "ipAddress"));
            Assert.Matches("^[0-9a-f-]{36}$", logEvent.Text("uuid"));
        }

        Assert.DoesNotContain(WrongPassword, response.Json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(UsersApiTests.Password, response.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownUserRecordedAsUnknownActorWithTheLoginTyped()
    {
        using var api = new ManagementApiClient(Server);
        var login = $"nobody-{Guid.NewGuid():N}"[..24] + "@x.test";
        var since = LogsApi.Now(Server);
        using var browser = new Browser(Server);

        using var failure = await browser.SubmitSignInAsync(new Uri(Server.Origin + "/signin?returnUrl=%2F"), login, "Secret-Typed-991");

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        var logEvent = Assert.Single(await LogsApi.EventsAsync(api, ("since", since), ("q", login)));
        Assert.Equal("user.session.start", logEvent.Text("eventType"));
        Assert.Equal("unknown", logEvent.Text("actor", "id"));
        Assert.Equal(login, logEvent.Text("actor", "alternateId"));
        Assert.Equal("FAILURE", logEvent.Text("outcome", "result"));
        Assert.DoesNotContain("Secret-Typed-991", logEvent.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_RecordsSessionEnd()
    {
        using var api = new ManagementApiClient(Server);
        var user = await UsersApiTests.CreateAsync(api, "log-signout", activate: true);
        using var browser = new Browser(Server);
        using var signedIn = await browser.SubmitSignInAsync(new Uri(Server.Origin + "/signin?returnUrl=%2F"), UsersApiTests.Profile(user, "login")!, UsersApiTests.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var since = LogsApi.Now(Server);

        using var signedOut = await browser.Http.GetAsync("/oauth2/v1/logout");

        var logEvent = await LogsApi.SingleAsync(api, since, "user.session.end", $"actor.id eq \"{user["id"]}\"");
        Assert.Equal("SUCCESS", logEvent.Text("outcome", "result"));
    }
}
