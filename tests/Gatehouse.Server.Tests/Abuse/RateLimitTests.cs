using System.Globalization;
using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Abuse;

/// <summary>
/// A server of its own with tiny limits: hammering it cannot starve or lock out what other tests use. Every test
/// starts by moving the fake clock into a fresh window (the limiter counts on the injected TimeProvider).
/// </summary>
public sealed class RateLimitServerFixture : IAsyncLifetime
{
    public const int SignInPerIp = 6;
    public const int SignInPerUser = 3;
    public const int TokenPerIp = 6;
    public const int TokenPerClient = 3;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public GatehouseServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Gatehouse:RateLimits:SignIn:PerIp"] = SignInPerIp.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:SignIn:PerUser"] = SignInPerUser.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:Token:PerIp"] = TokenPerIp.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:Token:PerClient"] = TokenPerClient.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:SignIn:Window"] = Window.ToString(),
        ["Gatehouse:RateLimits:Token:Window"] = Window.ToString(),
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class RateLimitTests(RateLimitServerFixture fixture) : IClassFixture<RateLimitServerFixture>
{
    private GatehouseServer Server => fixture.Server;

    private Uri SignInPage => new(Server.Origin + "/signin?returnUrl=%2F");

    private string DefaultBase => Server.DefaultIssuer + "/v1";

    private string OrgBase => Server.Origin + "/oauth2/v1";

    [Fact]
    public async Task SignIn_PerUserLimitAnswers429WithOktaHeaders()
    {
        var reset = NextWindow();
        using var browser = new Browser(Server);

        for (var attempt = 1; attempt <= RateLimitServerFixture.SignInPerUser; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(SignInPage, "carol@example.com", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
            AssertRateLimitHeaders(failure, RateLimitServerFixture.SignInPerUser, RateLimitServerFixture.SignInPerUser - attempt, reset);
        }

        using var limited = await browser.SubmitSignInAsync(SignInPage, "carol@example.com", "wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertRateLimitHeaders(limited, RateLimitServerFixture.SignInPerUser, 0, reset);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", limited.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // The username is normalized as Identity normalizes it: another spelling is the same account.
        using var otherCase = await browser.SubmitSignInAsync(SignInPage, "CAROL@Example.com", "wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, otherCase.StatusCode);

        // Another user from the same address is still below the per-IP limit (refused attempts do not count).
        using var dave = await browser.SubmitSignInAsync(SignInPage, "dave@example.com", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, dave.StatusCode);
    }

    [Fact]
    public async Task SignIn_PerIpLimitAppliesAcrossUsers()
    {
        var reset = NextWindow();
        using var browser = new Browser(Server);

        for (var attempt = 1; attempt <= RateLimitServerFixture.SignInPerIp; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(SignInPage, $"spray-{attempt}@example.com", "Password1");
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var limited = await browser.SubmitSignInAsync(SignInPage, "spray-last@example.com", "Password1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertRateLimitHeaders(limited, RateLimitServerFixture.SignInPerIp, 0, reset);

        // A valid password does not get past the limit either.
        using var alice = await browser.SubmitSignInAsync(SignInPage, TestSeed.Alice, TestSeed.AlicePassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, alice.StatusCode);
        Assert.DoesNotContain(alice.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            cookie => cookie.StartsWith("gatehouse_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_LimitLiftsWhenTheWindowResets()
    {
        var reset = NextWindow();
        using var browser = new Browser(Server);
        for (var attempt = 0; attempt < RateLimitServerFixture.SignInPerUser; attempt++)
        {
            using var failure = await browser.SubmitSignInAsync(SignInPage, TestSeed.Bob, "wrong-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using (var limited = await browser.SubmitSignInAsync(SignInPage, TestSeed.Bob, TestSeed.BobPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        Server.Clock.Advance(DateTimeOffset.FromUnixTimeSeconds(reset) - Server.Clock.GetUtcNow());

        using var signedIn = await browser.SubmitSignInAsync(SignInPage, TestSeed.Bob, TestSeed.BobPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        AssertRateLimitHeaders(signedIn, RateLimitServerFixture.SignInPerUser, RateLimitServerFixture.SignInPerUser - 1, reset + (long)RateLimitServerFixture.Window.TotalSeconds);
    }

    [Fact]
    public async Task Token_PerClientLimitCountsBasicAndPostAuthenticationOnEveryIssuer()
    {
        var reset = NextWindow();
        using var http = Server.CreateClient();
        var tokens = new TokenClient(http);

        // client_secret_basic, then client_secret_post: Gatehouse reads client_id from the form before OpenIddict,
        // which must still read the same form.
        var basic = await tokens.ClientCredentialsAsync(DefaultBase, TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, basic.Status);
        AssertRateLimitHeaders(basic.Response, RateLimitServerFixture.TokenPerClient, 2, reset);
        var post = await tokens.PostAsync(DefaultBase + "/token", TestSeed.ServiceClientId, TestSeed.ServiceClientSecret, secretInBody: true,
            new() { ["grant_type"] = "client_credentials", ["scope"] = TestSeed.CustomScope });
        Assert.Equal(HttpStatusCode.OK, post.Status);
        AssertRateLimitHeaders(post.Response, RateLimitServerFixture.TokenPerClient, 1, reset);
        // The org server's token endpoint shares the count: switching issuer does not buy more requests.
        var org = await tokens.ClientCredentialsAsync(OrgBase, TestSeed.CustomScope);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, org.Status);
        AssertRateLimitHeaders(org.Response, RateLimitServerFixture.TokenPerClient, 0, reset);

        var limited = await tokens.ClientCredentialsAsync(DefaultBase, TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        AssertRateLimitHeaders(limited.Response, RateLimitServerFixture.TokenPerClient, 0, reset);
        Assert.Equal("E0000047", limited["errorCode"]);
        Assert.Equal("API call exceeded rate limit due to too many requests.", limited["errorSummary"]);
        Assert.NotNull(limited["error"]);
        Assert.Equal("application/json", limited.Response.Content.Headers.ContentType?.MediaType);

        // Another client from the same address is not affected.
        var web = await tokens.PostAsync(DefaultBase + "/token", TestSeed.WebClientId, TestSeed.WebClientSecret, secretInBody: false,
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "not-a-token" });
        Assert.Equal(HttpStatusCode.BadRequest, web.Status);

        Server.Clock.Advance(DateTimeOffset.FromUnixTimeSeconds(reset) - Server.Clock.GetUtcNow());
        var afterReset = await tokens.ClientCredentialsAsync(DefaultBase, TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, afterReset.Status);
    }

    [Fact]
    public async Task Token_PerIpLimitAppliesAcrossClients()
    {
        var reset = NextWindow();
        using var http = Server.CreateClient();
        var tokens = new TokenClient(http);

        for (var attempt = 1; attempt <= RateLimitServerFixture.TokenPerIp; attempt++)
        {
            var guess = await tokens.ClientCredentialsAsync(DefaultBase, null, $"0oaguess{attempt:D13}", "guessed-secret");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.Status);
        }

        var limited = await tokens.ClientCredentialsAsync(DefaultBase, TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        AssertRateLimitHeaders(limited.Response, RateLimitServerFixture.TokenPerIp, 0, reset);
        Assert.Equal("E0000047", limited["errorCode"]);
    }

    [Fact]
    public async Task IntrospectAndRevoke_AreLimitedEachOnItsOwnCount()
    {
        NextWindow();
        using var http = Server.CreateClient();
        var tokens = new TokenClient(http);

        for (var attempt = 0; attempt < RateLimitServerFixture.TokenPerClient; attempt++)
        {
            var introspection = await tokens.IntrospectAsync(DefaultBase, "not-a-token");
            Assert.Equal(HttpStatusCode.OK, introspection.Status);
        }

        var limited = await tokens.IntrospectAsync(OrgBase, "not-a-token");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("E0000047", limited["errorCode"]);

        // Revocation (and the token endpoint) keep their own counts for the same client.
        var revocation = await tokens.RevokeAsync(DefaultBase, "not-a-token");
        Assert.Equal(HttpStatusCode.OK, revocation.Status);
        Assert.Equal("2", revocation.Response.Headers.GetValues("X-Rate-Limit-Remaining").Single());
    }

    /// <summary>Moves the clock into a fresh window; returns its end (X-Rate-Limit-Reset, epoch seconds).</summary>
    private long NextWindow()
    {
        Server.Clock.Advance(RateLimitServerFixture.Window);
        var now = Server.Clock.GetUtcNow();
        var start = now.UtcTicks - (now.UtcTicks % RateLimitServerFixture.Window.Ticks);
        return new DateTimeOffset(start, TimeSpan.Zero).Add(RateLimitServerFixture.Window).ToUnixTimeSeconds();
    }

    private static void AssertRateLimitHeaders(HttpResponseMessage response, int limit, int remaining, long reset)
    {
        Assert.Equal(limit.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Rate-Limit-Limit").Single());
        Assert.Equal(remaining.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Rate-Limit-Remaining").Single());
        Assert.Equal(reset.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Rate-Limit-Reset").Single());
    }
}
