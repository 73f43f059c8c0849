using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Abuse;

/// <summary>A server of its own with tiny <c>/api/v1</c> buckets; each test starts in a fresh window of the fake clock.</summary>
public sealed class ManagementApiRateLimitServerFixture : IAsyncLifetime
{
    public const int UsersPerOrg = 4;
    public const int GroupsPerOrg = 6;
    public const int DefaultPerOrg = 10;
    public const int PerTokenPercent = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public GatehouseServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Gatehouse:RateLimits:ManagementApi:Buckets:users"] = UsersPerOrg.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:ManagementApi:Buckets:groups"] = GroupsPerOrg.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:ManagementApi:Default"] = DefaultPerOrg.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:ManagementApi:PerTokenPercent"] = PerTokenPercent.ToString(CultureInfo.InvariantCulture),
        ["Gatehouse:RateLimits:ManagementApi:Window"] = Window.ToString(),
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Okta's management rate limits on <c>/api/v1</c> (issue 5, item 9): per-org buckets by resource, a share per token.</summary>
public sealed class ManagementApiRateLimitTests(ManagementApiRateLimitServerFixture fixture) : IClassFixture<ManagementApiRateLimitServerFixture>
{
    private const int UsersPerToken = ManagementApiRateLimitServerFixture.UsersPerOrg * ManagementApiRateLimitServerFixture.PerTokenPercent / 100;

    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData("/api/v1/groups", TestSeed.ApiToken, HttpStatusCode.OK)]
    [InlineData("/api/v1/groups", null, HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/groups/00gDoesNotExist0000000", TestSeed.ApiToken, HttpStatusCode.NotFound)]
    [InlineData("/api/v1/no-such-resource", TestSeed.ApiToken, HttpStatusCode.NotFound)]
    [InlineData("/api/v1/groups?limit=-1", TestSeed.ApiToken, HttpStatusCode.BadRequest)]
    public async Task Api_EveryResponseCarriesOktaRateLimitHeaders(string path, string? token, HttpStatusCode status)
    {
        var reset = NextWindow();
        using var http = Server.CreateClient();

        using var response = await SendAsync(http, HttpMethod.Get, path, token);

        Assert.Equal(status, response.StatusCode);
        Assert.True(int.Parse(Header(response, "X-Rate-Limit-Limit"), CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(Header(response, "X-Rate-Limit-Remaining"), CultureInfo.InvariantCulture) >= 0);
        Assert.Equal(reset.ToString(CultureInfo.InvariantCulture), Header(response, "X-Rate-Limit-Reset"));
    }

    [Fact]
    public async Task Api_TokenShareExceededIs429E0000047UntilTheWindowResets()
    {
        var reset = NextWindow();
        using var http = Server.CreateClient();

        for (var call = 1; call <= UsersPerToken; call++)
        {
            using var allowed = await SendAsync(http, HttpMethod.Get, "/api/v1/users", TestSeed.ApiToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(UsersPerToken.ToString(CultureInfo.InvariantCulture), Header(allowed, "X-Rate-Limit-Limit"));
            Assert.Equal((UsersPerToken - call).ToString(CultureInfo.InvariantCulture), Header(allowed, "X-Rate-Limit-Remaining"));
        }

        using var limited = await SendAsync(http, HttpMethod.Get, "/api/v1/users", TestSeed.ApiToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0", Header(limited, "X-Rate-Limit-Remaining"));
        Assert.Equal(reset.ToString(CultureInfo.InvariantCulture), Header(limited, "X-Rate-Limit-Reset"));
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var error = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("E0000047", error.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("E0000047", error.RootElement.GetProperty("errorLink").GetString());
        Assert.Equal("API call exceeded rate limit due to too many requests.", error.RootElement.GetProperty("errorSummary").GetString());
        Assert.StartsWith("oae", error.RootElement.GetProperty("errorId").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, error.RootElement.GetProperty("errorCauses").GetArrayLength());

        // Writes count in the same bucket as reads.
        using var write = await SendAsync(http, HttpMethod.Post, "/api/v1/users", TestSeed.ApiToken, "{}");
        Assert.Equal(HttpStatusCode.TooManyRequests, write.StatusCode);

        // Another resource has its own bucket.
        using var groups = await SendAsync(http, HttpMethod.Get, "/api/v1/groups", TestSeed.ApiToken);
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);

        NextWindow();
        using var afterReset = await SendAsync(http, HttpMethod.Get, "/api/v1/users", TestSeed.ApiToken);
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
    }

    [Fact]
    public async Task Api_OrgBucketIsSharedByEveryCaller()
    {
        NextWindow();
        using var http = Server.CreateClient();

        // Two tokens each use their whole share: together, the whole org bucket.
        foreach (var token in new[] { TestSeed.ApiToken, TestSeed.ReadOnlyApiToken })
        {
            for (var call = 0; call < UsersPerToken; call++)
            {
                using var allowed = await SendAsync(http, HttpMethod.Get, "/api/v1/users", token);
                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            }
        }

        using var third = await SendAsync(http, HttpMethod.Get, "/api/v1/users", "00Tsome-other-token-value");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(ManagementApiRateLimitServerFixture.UsersPerOrg.ToString(CultureInfo.InvariantCulture), Header(third, "X-Rate-Limit-Limit"));
        Assert.Equal("0", Header(third, "X-Rate-Limit-Remaining"));
    }

    [Fact]
    public async Task Api_UnknownPathsShareTheDefaultBucket()
    {
        NextWindow();
        using var http = Server.CreateClient();
        var perToken = ManagementApiRateLimitServerFixture.DefaultPerOrg * ManagementApiRateLimitServerFixture.PerTokenPercent / 100;

        // Made-up resources cannot open fresh buckets.
        for (var call = 0; call < perToken; call++)
        {
            using var response = await SendAsync(http, HttpMethod.Get, $"/api/v1/made-up-{call}", TestSeed.ApiToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var limited = await SendAsync(http, HttpMethod.Get, "/api/v1/another-made-up", TestSeed.ApiToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    private long NextWindow()
    {
        var window = ManagementApiRateLimitServerFixture.Window;
        Server.Clock.Advance(window);
        var now = Server.Clock.GetUtcNow();
        var start = now.UtcTicks - (now.UtcTicks % window.Ticks);
        return new DateTimeOffset(start, TimeSpan.Zero).Add(window).ToUnixTimeSeconds();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
