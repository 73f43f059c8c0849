using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary><c>/api/v1/apps</c> (okta-reference.md §3, §4): create as the Okta CLI does, get, replace, list, lifecycle, delete.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Create_CliBodyGivesOktaShapedWebApp()
    {
        using var api = new ManagementApiClient(Server);
        var label = AppsApi.UniqueLabel("Cli");

        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(label));

        var id = app["id"]!;
        Assert.Matches("^0oa[0-9A-Za-z]{17}$", id);
        Assert.Equal("oidc_client", app["name"]);
        Assert.Equal(label, app["label"]);
        Assert.Equal("ACTIVE", app["status"]);
        Assert.Equal("OPENID_CONNECT", app["signOnMode"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", app["created"]);
        var credentials = app.Json.GetProperty("credentials").GetProperty("oauthClient");
        Assert.Equal(id, credentials.GetProperty("client_id").GetString());
        Assert.Equal("client_secret_basic", credentials.GetProperty("token_endpoint_auth_method").GetString());
        Assert.True(credentials.GetProperty("autoKeyRotation").GetBoolean());
        Assert.True(AppsApi.ClientSecret(app)!.Length >= 32);
        var settings = app.Json.GetProperty("settings").GetProperty("oauthClient");
        Assert.Equal("web", settings.GetProperty("application_type").GetString());
        Assert.Equal("TRUSTED", settings.GetProperty("consent_method").GetString());
        Assert.Equal(TestSeed.WebRedirectUri, settings.GetProperty("redirect_uris")[0].GetString());
        Assert.Equal("authorization_code", Assert.Single(settings.GetProperty("grant_types").EnumerateArray()).GetString());
        var links = app.Json.GetProperty("_links");
        Assert.Equal($"{Server.Origin}/api/v1/apps/{id}/groups", links.GetProperty("groups").GetProperty("href").GetString());
        Assert.Equal($"{Server.Origin}/api/v1/apps/{id}/users", links.GetProperty("users").GetProperty("href").GetString());
        Assert.EndsWith("/lifecycle/deactivate", links.GetProperty("deactivate").GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.True(links.TryGetProperty("appLinks", out _));
    }

    [Fact]
    public async Task Create_ClientIdAndSecretMayBeGiven()
    {
        using var api = new ManagementApiClient(Server);
        var clientId = "custom-" + Guid.NewGuid().ToString("N")[..10];
        var body = new
        {
            name = "oidc_client",
            label = AppsApi.UniqueLabel("Given"),
            signOnMode = "OPENID_CONNECT",
            credentials = new { oauthClient = new { client_id = clientId, client_secret = "a-given-secret-0123456789", token_endpoint_auth_method = "client_secret_post" } },
            settings = new { oauthClient = new { redirect_uris = new[] { TestSeed.WebRedirectUri }, application_type = "web" } },
        };

        var app = await AppsApi.CreateAsync(api, body);

        Assert.Equal(clientId, AppsApi.ClientId(app));
        Assert.NotEqual(clientId, app["id"]);
        Assert.Equal("a-given-secret-0123456789", AppsApi.ClientSecret(app));
        Assert.Equal("client_secret_post", app.Json.GetProperty("credentials").GetProperty("oauthClient").GetProperty("token_endpoint_auth_method").GetString());
        (await api.PostAsync("/api/v1/apps", body)).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Theory]
    [InlineData("browser", AppsApi.SpaRedirectUri)]
    [InlineData("native", AppsApi.NativeRedirectUri)]
    public async Task Create_PublicAppsHaveNoSecretAndRequirePkce(string type, string redirectUri)
    {
        using var api = new ManagementApiClient(Server);

        var app = await AppsApi.CreateAsync(api, AppsApi.PublicApp(AppsApi.UniqueLabel(type), type, redirectUri));

        var credentials = app.Json.GetProperty("credentials").GetProperty("oauthClient");
        Assert.Equal("none", credentials.GetProperty("token_endpoint_auth_method").GetString());
        Assert.True(credentials.GetProperty("pkce_required").GetBoolean());
        Assert.Null(AppsApi.ClientSecret(app));
        var creds = await api.GetAsync($"/api/v1/internal/apps/{app["id"]}/settings/clientcreds");
        Assert.Equal(AppsApi.ClientId(app), creds["client_id"]);
        Assert.False(creds.Json.TryGetProperty("client_secret", out _));
    }

    [Fact]
    public async Task Create_ServiceAppUsesClientCredentials()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.ServiceApp(AppsApi.UniqueLabel("Service")));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(Server.DefaultIssuer + "/v1", TestSeed.CustomScope, AppsApi.ClientId(app), AppsApi.ClientSecret(app)!);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(AppsApi.ClientId(app), Jwt.Payload(tokens["access_token"]!).GetProperty("cid").GetString());
    }

    [Fact]
    public async Task Create_ActivateFalseIsInactive()
    {
        using var api = new ManagementApiClient(Server);

        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Inactive")), "?activate=false");

        Assert.Equal("INACTIVE", app["status"]);
        Assert.EndsWith("/lifecycle/activate", app.Json.GetProperty("_links").GetProperty("activate").GetProperty("href").GetString(), StringComparison.Ordinal);
        (await api.PostAsync("/api/v1/apps?activate=maybe", AppsApi.CliWebApp(AppsApi.UniqueLabel("Bad")))).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Fact]
    public async Task Create_DuplicateActiveLabelIsOktasError()
    {
        using var api = new ManagementApiClient(Server);
        var label = AppsApi.UniqueLabel("Dup");
        await AppsApi.CreateAsync(api, AppsApi.CliWebApp(label));

        var causes = (await api.PostAsync("/api/v1/apps", AppsApi.CliWebApp(label))).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");

        Assert.Equal($"label: An active OpenID Connect Client instance with the label \"{label}\" already exists.", Assert.Single(causes));
        var inactive = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(label), "?activate=false");
        (await api.PostAsync($"/api/v1/apps/{inactive["id"]}/lifecycle/activate", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Fact]
    public async Task Get_ReturnsTheAppAndUnknownIs404()
    {
        using var api = new ManagementApiClient(Server);
        var created = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Get")));

        var app = await api.GetAsync("/api/v1/apps/" + created["id"]);

        Assert.Equal(HttpStatusCode.OK, app.Status);
        Assert.Equal(created["label"], app["label"]);
        Assert.Equal(AppsApi.ClientSecret(created), AppsApi.ClientSecret(app));
        (await api.GetAsync("/api/v1/apps/0oanothere00000000000")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Replace_UpdatesSettingsButNotTheType()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Put"))))["id"]!;
        var label = AppsApi.UniqueLabel("Renamed");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));

        var updated = await api.PutAsync("/api/v1/apps/" + id, AppsApi.CliWebApp(label, "authorization_code", "refresh_token"));

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(label, (await api.GetAsync("/api/v1/apps/" + id))["label"]);
        Assert.Equal(2, updated.Json.GetProperty("settings").GetProperty("oauthClient").GetProperty("grant_types").GetArrayLength());
        Assert.NotEqual(updated["created"], updated["lastUpdated"]);
        var causes = (await api.PutAsync("/api/v1/apps/" + id, AppsApi.ServiceApp(label))).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains("application_type: The field cannot be changed", causes);
        (await api.PutAsync("/api/v1/apps/0oanothere00000000000", AppsApi.CliWebApp(label))).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task List_SearchesByLabelPrefixAndStatusAndPages()
    {
        using var api = new ManagementApiClient(Server);
        var prefix = AppsApi.UniqueLabel("List");
        var active = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(prefix + " one"));
        var inactive = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(prefix + " two"), "?activate=false");

        var byPrefix = await api.GetAsync("/api/v1/apps?q=" + Uri.EscapeDataString(prefix.ToLowerInvariant()));
        Assert.Equal(new[] { active["id"], inactive["id"] }.Order(), byPrefix.Json.EnumerateArray().Select(app => app.GetProperty("id").GetString()).Order());

        var activeOnly = await api.GetAsync("/api/v1/apps?q=" + Uri.EscapeDataString(prefix) + "&filter=" + Uri.EscapeDataString("status eq \"ACTIVE\""));
        Assert.Equal(active["id"], Assert.Single(activeOnly.Json.EnumerateArray()).GetProperty("id").GetString());

        var first = await api.GetAsync("/api/v1/apps?limit=1");
        Assert.Single(first.Json.EnumerateArray());
        Assert.NotNull(ManagementApiClient.Link(first, "self"));
        var second = await api.GetAsync(ManagementApiClient.Link(first, "next")!);
        Assert.NotEqual(first.Json[0].GetProperty("id").GetString(), second.Json[0].GetProperty("id").GetString());

        (await api.GetAsync("/api/v1/apps?filter=" + Uri.EscapeDataString("status zz \"ACTIVE\""))).AssertOktaError(HttpStatusCode.BadRequest, "E0000031");
        (await api.GetAsync("/api/v1/apps?limit=abc")).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Fact]
    public async Task Lifecycle_DeactivateActivateAndDeleteOnlyInactive()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Life"))))["id"]!;

        (await api.DeleteAsync("/api/v1/apps/" + id)).AssertOktaError(HttpStatusCode.Forbidden, "E0000056");

        var deactivated = await api.PostAsync($"/api/v1/apps/{id}/lifecycle/deactivate", new { });
        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        Assert.Equal("INACTIVE", (await api.GetAsync("/api/v1/apps/" + id))["status"]);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/apps/{id}/lifecycle/activate", new { })).Status);
        Assert.Equal("ACTIVE", (await api.GetAsync("/api/v1/apps/" + id))["status"]);

        await api.PostAsync($"/api/v1/apps/{id}/lifecycle/deactivate", new { });
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/apps/" + id)).Status);
        (await api.GetAsync("/api/v1/apps/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.DeleteAsync("/api/v1/apps/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.PostAsync($"/api/v1/apps/{id}/lifecycle/activate", new { })).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Roles_ReadOnlyAdminReadsAppsButNotSecrets()
    {
        using var admin = new ManagementApiClient(Server);
        using var readOnly = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);
        var id = (await AppsApi.CreateAsync(admin, AppsApi.CliWebApp(AppsApi.UniqueLabel("Roles"))))["id"]!;

        var app = await readOnly.GetAsync("/api/v1/apps/" + id);

        Assert.Equal(HttpStatusCode.OK, app.Status);
        Assert.Null(AppsApi.ClientSecret(app));
        Assert.All((await readOnly.GetAsync("/api/v1/apps")).Json.EnumerateArray(),
            listed => Assert.False(listed.GetProperty("credentials").GetProperty("oauthClient").TryGetProperty("client_secret", out _)));
        (await readOnly.GetAsync($"/api/v1/internal/apps/{id}/settings/clientcreds")).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await readOnly.GetAsync($"/api/v1/apps/{id}/credentials/secrets")).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await readOnly.PostAsync("/api/v1/apps", AppsApi.CliWebApp(AppsApi.UniqueLabel("No")))).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await readOnly.PostAsync($"/api/v1/apps/{id}/lifecycle/deactivate", new { })).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }
}
