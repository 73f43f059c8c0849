using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.SystemLog;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Okta's per-app refresh token rotation (<c>settings.oauthClient.refresh_token</c>, Okta's refresh token guide): a
/// STATIC (persistent) token is returned again on each refresh and stays valid, its idle window sliding with each use;
/// a ROTATE token is replaced on each refresh and the old one dies after the grace period. Web apps default to STATIC,
/// browser apps (SPAs) to ROTATE.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class RefreshTokenRotationTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task StaticWebApp_ReturnsTheSameRefreshTokenOnEachRefresh()
    {
        var app = await StaticWebAppAsync();
        var (request, tokens) = await SignInAsync(app, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var original = tokens["refresh_token"]!;

        var first = await client.RefreshAsync(request.EndpointBase, original, request.ClientId, request.ClientSecret);
        var second = await client.RefreshAsync(request.EndpointBase, original, request.ClientId, request.ClientSecret);

        foreach (var refreshed in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, refreshed.Status);
            Assert.Equal(original, refreshed["refresh_token"]);
            Assert.False(string.IsNullOrEmpty(refreshed["id_token"]));
            Assert.Contains("offline_access", refreshed["scope"]!, StringComparison.Ordinal);
            Assert.True(refreshed.Json.GetProperty("expires_in").GetInt32() > 0);
            Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, refreshed["access_token"]!)).Status);
        }

        Assert.NotEqual(tokens["access_token"], first["access_token"]);
        Assert.NotEqual(first["access_token"], second["access_token"]);
    }

    [Fact]
    public async Task StaticWebApp_RefreshSlidesTheTokensExpiry()
    {
        var app = await StaticWebAppAsync();
        var (request, tokens) = await SignInAsync(app, Server.Origin);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var token = tokens["refresh_token"]!;
        var before = (await client.IntrospectAsync(request.EndpointBase, token, request.ClientId, request.ClientSecret)).Json.GetProperty("exp").GetInt64();

        Server.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, token, request.ClientId, request.ClientSecret)).Status);
        var after = (await client.IntrospectAsync(request.EndpointBase, token, request.ClientId, request.ClientSecret)).Json.GetProperty("exp").GetInt64();

        Assert.InRange(after - before, 5 * 3600 - 5, 5 * 3600 + 5);
    }

    [Fact]
    public async Task StaticWebApp_RevokedRefreshTokenIsInvalidGrantAtOnce()
    {
        var app = await StaticWebAppAsync();
        var (request, tokens) = await SignInAsync(app, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var token = tokens["refresh_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, token, request.ClientId, request.ClientSecret)).Status);

        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync(request.EndpointBase, token, request.ClientId, request.ClientSecret)).Status);
        var refreshed = await client.RefreshAsync(request.EndpointBase, token, request.ClientId, request.ClientSecret);

        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed["error"]);
    }

    [Fact]
    public async Task StaticWebApp_RefreshLogsAccessAndIdTokenGrantsButNoRefreshTokenGrant()
    {
        var app = await StaticWebAppAsync();
        var (request, tokens) = await SignInAsync(app, Server.DefaultIssuer);
        using var api = new ManagementApiClient(Server);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var since = LogsApi.Now(Server);

        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!, request.ClientId, request.ClientSecret);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var jti = Jwt.Payload(refreshed["access_token"]!).GetProperty("jti").GetString()!;
        await LogsApi.SingleAsync(api, since, "app.oauth2.as.token.grant.access_token", $"target.id eq \"{jti}\"");
        Assert.NotEmpty(await LogsApi.EventsAsync(api, ("since", since),
            ("filter", $"eventType eq \"app.oauth2.as.token.grant.id_token\" and actor.id eq \"{request.ClientId}\"")));
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since),
            ("filter", $"eventType eq \"app.oauth2.as.token.grant.refresh_token\" and actor.id eq \"{request.ClientId}\"")));
    }

    [Fact]
    public async Task RotateBrowserApp_IssuesANewTokenEachTimeAndReuseAfterTheLeewayIsInvalidGrant()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.PublicApp(AppsApi.UniqueLabel("Rotating Spa"), "browser", AppsApi.SpaRedirectUri));
        Assert.Equal("ROTATE", RefreshSetting(app, "rotation_type"));
        await api.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) });
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest
        {
            Issuer = Server.DefaultIssuer,
            ClientId = AppsApi.ClientId(app),
            ClientSecret = null!,
            RedirectUri = AppsApi.SpaRedirectUri,
            Scope = Issued.OfflineScope,
        };
        var client = new TokenClient(browser.Http);
        var tokens = await client.ExchangeCodeAsync(request, (await browser.AuthorizeAsync(request)).Code!, secretInBody: true);
        var original = tokens["refresh_token"]!;

        var first = await RefreshPublicAsync(client, request, original);
        var second = await RefreshPublicAsync(client, request, first["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(3, new[] { original, first["refresh_token"], second["refresh_token"] }.Distinct().Count());
        Server.Clock.Advance(TimeSpan.FromSeconds(31));
        var reused = await RefreshPublicAsync(client, request, original);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("invalid_grant", reused["error"]);
    }

    [Theory]
    [InlineData("web", "STATIC")]
    [InlineData("native", "STATIC")]
    [InlineData("browser", "ROTATE")]
    public async Task AppsApi_RefreshTokenRotationDefaultsByAppType(string applicationType, string expected)
    {
        using var api = new ManagementApiClient(Server);
        var body = applicationType == "web"
            ? AppsApi.CliWebApp(AppsApi.UniqueLabel("Default"), "authorization_code", "refresh_token")
            : AppsApi.PublicApp(AppsApi.UniqueLabel("Default"), applicationType, applicationType == "native" ? AppsApi.NativeRedirectUri : AppsApi.SpaRedirectUri);

        var app = await AppsApi.CreateAsync(api, body);

        Assert.Equal(expected, RefreshSetting(app, "rotation_type"));
        Assert.Equal("30", RefreshSetting(app, "leeway"));
    }

    [Fact]
    public async Task AppsApi_RefreshTokenSettingRoundTripsThroughCreateReplaceAndGet()
    {
        using var api = new ManagementApiClient(Server);
        var created = await AppsApi.CreateAsync(api, WebApp(AppsApi.UniqueLabel("Round trip"), new { rotation_type = "ROTATE", leeway = 10 }));
        var id = created["id"]!;
        Assert.Equal("ROTATE", RefreshSetting(created, "rotation_type"));
        Assert.Equal("10", RefreshSetting(created, "leeway"));

        var replaced = await api.PutAsync($"/api/v1/apps/{id}", WebApp(created["label"]!, new { rotation_type = "STATIC", leeway = 0 }));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        var read = await api.GetAsync($"/api/v1/apps/{id}");

        Assert.Equal("STATIC", RefreshSetting(read, "rotation_type"));
        Assert.Equal("0", RefreshSetting(read, "leeway"));
    }

    [Theory]
    [InlineData("FOO", 30, "refresh_token.rotation_type")]
    [InlineData("ROTATE", 61, "refresh_token.leeway")]
    [InlineData("STATIC", -1, "refresh_token.leeway")]
    public async Task AppsApi_InvalidRefreshTokenSettingIsApiValidationFailed(string rotationType, int leeway, string field)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/apps", WebApp(AppsApi.UniqueLabel("Invalid"), new { rotation_type = rotationType, leeway }));

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains(causes, cause => cause.StartsWith(field + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeededWebApp_DefaultsToStaticAndItsTokenOutlivesTheFirstWindow()
    {
        // The shared seed's web app declares ROTATE; without it the seeded web app takes Okta's default.
        var seed = TestSeed.Json().Replace("\"refreshTokenRotation\": \"ROTATE\",", string.Empty, StringComparison.Ordinal);
        await using var server = await GatehouseServer.StartAsync(seed);
        var (request, tokens) = await Issued.TokensAsync(server, server.Origin);
        using var http = server.CreateClient();
        var client = new TokenClient(http);
        var token = tokens["refresh_token"]!;

        // Org server: 90-day refresh tokens. Each use slides the window, so the token lives past its first 90 days.
        server.Clock.Advance(TimeSpan.FromDays(60));
        var first = await client.RefreshAsync(request.EndpointBase, token);
        server.Clock.Advance(TimeSpan.FromDays(60));
        var second = await client.RefreshAsync(request.EndpointBase, token);
        server.Clock.Advance(TimeSpan.FromDays(91));
        var expired = await client.RefreshAsync(request.EndpointBase, token);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(token, first["refresh_token"]);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(token, second["refresh_token"]);
        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Equal("invalid_grant", expired["error"]);
    }

    private static object WebApp(string label, object refreshToken) => new
    {
        name = "oidc_client",
        label,
        signOnMode = "OPENID_CONNECT",
        settings = new
        {
            oauthClient = new
            {
                redirect_uris = new[] { TestSeed.WebRedirectUri },
                response_types = new[] { "code" },
                grant_types = new[] { "authorization_code", "refresh_token" },
                application_type = "web",
                refresh_token = refreshToken,
            },
        },
    };

    private static string? RefreshSetting(ApiResponse app, string name) =>
        app.Json.GetProperty("settings").GetProperty("oauthClient").GetProperty("refresh_token").GetProperty(name).ToString();

    /// <summary>A web app made by the management API, left at its default rotation (STATIC), assigned to Alice.</summary>
    private async Task<(string ClientId, string ClientSecret)> StaticWebAppAsync()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Static"), "authorization_code", "refresh_token"));
        Assert.Equal("STATIC", RefreshSetting(app, "rotation_type"));
        await api.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) });
        return (AppsApi.ClientId(app), AppsApi.ClientSecret(app)!);
    }

    private async Task<(AuthorizeRequest Request, TokenResponse Tokens)> SignInAsync((string ClientId, string ClientSecret) app, string issuer)
    {
        var tokens = await Issued.TokensAsync(Server, issuer, Issued.OfflineScope, app.ClientId, app.ClientSecret);
        Assert.False(string.IsNullOrEmpty(tokens.Tokens["refresh_token"]));
        return tokens;
    }

    private static Task<TokenResponse> RefreshPublicAsync(TokenClient client, AuthorizeRequest request, string refreshToken) =>
        client.PostAsync(request.EndpointBase + "/token", request.ClientId, null, secretInBody: true, new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        });
}
