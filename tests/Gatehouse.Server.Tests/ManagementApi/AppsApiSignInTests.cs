using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>Apps made through <c>/api/v1/apps</c> sign users in; deactivated apps cannot (okta-reference.md §3).</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsApiSignInTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task CliCreatedApp_SignsInAfterTheCliAssignsEveryone()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Flow")));
        var id = app["id"]!;

        // The CLI's next calls (okta-reference.md §4): find Everyone, assign it with priority 2, read the credentials.
        var everyone = (await api.GetAsync("/api/v1/groups?search=" + Uri.EscapeDataString("profile.name eq \"everyone\""))).Json[0].GetProperty("id").GetString();
        var assignment = await api.PutAsync($"/api/v1/apps/{id}/groups/{everyone}", new { priority = 2 });
        Assert.Equal(HttpStatusCode.OK, assignment.Status);
        var creds = await api.GetAsync($"/api/v1/internal/apps/{id}/settings/clientcreds");
        Assert.Equal(AppsApi.ClientSecret(app), creds["client_secret"]);

        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, ClientId = creds["client_id"]!, ClientSecret = creds["client_secret"]! };
        var result = await browser.AuthorizeAsync(request);
        Assert.NotNull(result.Code);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(request.ClientId, Jwt.Payload(tokens["id_token"]!).GetProperty("aud").GetString());
        Assert.Equal(request.ClientId, Jwt.Payload(tokens["access_token"]!).GetProperty("cid").GetString());
    }

    [Fact]
    public async Task SpaApp_SignsInWithPkceAndNoSecret()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.PublicApp(AppsApi.UniqueLabel("Spa"), "browser", AppsApi.SpaRedirectUri));
        await api.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) });
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, ClientId = AppsApi.ClientId(app), ClientSecret = null!, RedirectUri = AppsApi.SpaRedirectUri };

        var withoutPkce = await browser.AuthorizeAsync(request with { CodeVerifier = null });
        Assert.Equal("invalid_request", withoutPkce.Error);
        var result = await browser.AuthorizeAsync(request);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!, secretInBody: true);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["access_token"]);
    }

    [Fact]
    public async Task NativeApp_RedirectsToItsCustomScheme()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.PublicApp(AppsApi.UniqueLabel("Native"), "native", AppsApi.NativeRedirectUri));
        await api.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) });
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, ClientId = AppsApi.ClientId(app), ClientSecret = null!, RedirectUri = AppsApi.NativeRedirectUri };

        var result = await browser.AuthorizeAsync(request);

        Assert.Equal("com.example.app", result.RedirectedTo!.Scheme);
        Assert.NotNull(result.Code);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!, secretInBody: true);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Fact]
    public async Task DeactivatedApp_IsRefusedAtAuthorizeAndToken()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Deactivated"), "authorization_code", "refresh_token"));
        var id = app["id"]!;
        await api.PostAsync($"/api/v1/apps/{id}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) });
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, ClientId = AppsApi.ClientId(app), ClientSecret = AppsApi.ClientSecret(app)!, Scope = "openid offline_access" };
        var tokenClient = new TokenClient(browser.Http);
        var tokens = await tokenClient.ExchangeCodeAsync(request, (await browser.AuthorizeAsync(request)).Code!);
        var refreshToken = tokens["refresh_token"]!;
        var pendingCode = (await browser.AuthorizeAsync(request)).Code!;

        await api.PostAsync($"/api/v1/apps/{id}/lifecycle/deactivate", new { });

        var authorize = await browser.AuthorizeAsync(request);
        Assert.Null(authorize.Code);
        Assert.Null(authorize.RedirectedTo);
        Assert.Equal(HttpStatusCode.BadRequest, authorize.PageStatus);
        Assert.Contains("The client application is deactivated.", authorize.PageBody, StringComparison.Ordinal);
        Assert.Equal("invalid_client", (await tokenClient.ExchangeCodeAsync(request, pendingCode))["error"]);
        Assert.Equal("invalid_client", (await tokenClient.RefreshAsync(request.EndpointBase, refreshToken, request.ClientId, request.ClientSecret))["error"]);

        await api.PostAsync($"/api/v1/apps/{id}/lifecycle/activate", new { });
        Assert.Equal(HttpStatusCode.OK, (await tokenClient.RefreshAsync(request.EndpointBase, refreshToken, request.ClientId, request.ClientSecret)).Status);
    }

    [Fact]
    public async Task DeactivatedServiceApp_GetsNoTokens()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.ServiceApp(AppsApi.UniqueLabel("Worker")));
        await api.PostAsync($"/api/v1/apps/{app["id"]}/lifecycle/deactivate", new { });
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(Server.DefaultIssuer + "/v1", TestSeed.CustomScope, AppsApi.ClientId(app), AppsApi.ClientSecret(app)!);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens["error"]);
    }
}
