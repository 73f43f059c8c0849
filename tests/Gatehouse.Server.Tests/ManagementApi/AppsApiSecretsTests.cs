using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>Client secret rotation (<c>/apps/{id}/credentials/secrets</c>): new secrets work, deactivated ones are refused.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsApiSecretsTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Secrets_RotateWithoutDowntime()
    {
        using var api = new ManagementApiClient(Server);
        var app = await AppsApi.CreateAsync(api, AppsApi.ServiceApp(AppsApi.UniqueLabel("Rotate")));
        var id = app["id"]!;
        var oldSecret = AppsApi.ClientSecret(app)!;
        var list = await api.GetAsync($"/api/v1/apps/{id}/credentials/secrets");
        var old = Assert.Single(list.Json.EnumerateArray());
        Assert.Equal(oldSecret, old.GetProperty("client_secret").GetString());
        Assert.StartsWith("ocs", old.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("ACTIVE", old.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(old.GetProperty("secret_hash").GetString()));

        var created = await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets", new { });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var newSecret = created["client_secret"]!;
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app, oldSecret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app, newSecret)).Status);
        Assert.Equal(newSecret, (await api.GetAsync($"/api/v1/internal/apps/{id}/settings/clientcreds"))["client_secret"]);

        var deactivated = await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets/{old.GetProperty("id").GetString()}/lifecycle/deactivate", new { });
        Assert.Equal("INACTIVE", deactivated["status"]);
        var refused = await TokenAsync(app, oldSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("invalid_client", refused["error"]);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app, newSecret)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/apps/{id}/credentials/secrets/{old.GetProperty("id").GetString()}")).Status);
        Assert.Equal(created["id"], Assert.Single((await api.GetAsync($"/api/v1/apps/{id}/credentials/secrets")).Json.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Secrets_RulesAreOktas()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Rules"))))["id"]!;
        var first = (await api.GetAsync($"/api/v1/apps/{id}/credentials/secrets")).Json[0].GetProperty("id").GetString();

        (await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets/{first}/lifecycle/deactivate", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.DeleteAsync($"/api/v1/apps/{id}/credentials/secrets/{first}")).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets", new { client_secret = "short" })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        var given = await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets", new { client_secret = "a-chosen-secret-0123456789" });
        Assert.Equal("a-chosen-secret-0123456789", given["client_secret"]);
        (await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.GetAsync($"/api/v1/apps/{id}/credentials/secrets/ocsnothere0000000000")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.GetAsync("/api/v1/apps/0oanothere00000000000/credentials/secrets")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");

        var reactivated = await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets/{given["id"]}/lifecycle/deactivate", new { });
        Assert.Equal("INACTIVE", reactivated["status"]);
        Assert.Equal("ACTIVE", (await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets/{given["id"]}/lifecycle/activate", new { }))["status"]);
    }

    [Fact]
    public async Task Secrets_PublicAppsHaveNone()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await AppsApi.CreateAsync(api, AppsApi.PublicApp(AppsApi.UniqueLabel("NoSecret"), "browser", AppsApi.SpaRedirectUri)))["id"]!;

        Assert.Empty((await api.GetAsync($"/api/v1/apps/{id}/credentials/secrets")).Json.EnumerateArray());
        (await api.PostAsync($"/api/v1/apps/{id}/credentials/secrets", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    private async Task<TokenResponse> TokenAsync(ApiResponse app, string secret)
    {
        using var http = Server.CreateClient();
        return await new TokenClient(http).ClientCredentialsAsync(Server.DefaultIssuer + "/v1", TestSeed.CustomScope, AppsApi.ClientId(app), secret);
    }
}
