using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>Okta's rules for OIDC apps: every invalid body is E0000001 with a cause naming the field, never a 500.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AppsApiValidationTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData("""{"label":"L","signOnMode":"OPENID_CONNECT","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "name: ")]
    [InlineData("""{"name":"bookmark","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "name: ")]
    [InlineData("""{"name":"oidc_client","label":"L","signOnMode":"SAML_2_0","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "signOnMode: ")]
    [InlineData("""{"name":"oidc_client","label":"  ","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "label: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"application_type":"tv","redirect_uris":["https://a.test/cb"]}}}""", "application_type: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":[]}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["not a uri"]}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb#frag"]}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://*.a.test/cb"]}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["com.example.app:/cb"]}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["javascript:alert(1)"],"application_type":"native"}},"credentials":{"oauthClient":{"token_endpoint_auth_method":"none"}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"post_logout_redirect_uris":["/relative"]}}}""", "post_logout_redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"initiate_login_uri":"ftp://a.test/"}}}""", "initiate_login_uri: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"grant_types":["authorization_code","magic"]}}}""", "grant_types: 'magic' is not a valid grant type")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"grant_types":["authorization_code","implicit"]}}}""", "grant_types: The 'implicit' grant type is not supported")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"grant_types":["refresh_token"]}}}""", "grant_types: Web apps must use")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"response_types":["token"]}}}""", "response_types: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"application_type":"service","grant_types":["authorization_code"]}}}""", "grant_types: Service apps")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"application_type":"service","redirect_uris":["https://a.test/cb"]}}}""", "redirect_uris: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"application_type":"browser","redirect_uris":["https://a.test/cb"],"grant_types":["authorization_code","client_credentials"]}}}""", "grant_types: The client_credentials grant type is not allowed")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"token_endpoint_auth_method":"client_secret_basic"}},"settings":{"oauthClient":{"application_type":"browser","redirect_uris":["https://a.test/cb"]}}}""", "token_endpoint_auth_method: ")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"token_endpoint_auth_method":"none"}},"settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "token_endpoint_auth_method: ")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"token_endpoint_auth_method":"private_key_jwt"}},"settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "token_endpoint_auth_method: 'private_key_jwt' is not supported")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"pkce_required":false}},"settings":{"oauthClient":{"application_type":"native","redirect_uris":["com.example.app:/cb"]}}}""", "pkce_required: ")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"client_id":"has space"}},"settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "client_id: ")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"client_secret":"short"}},"settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"]}}}""", "client_secret: ")]
    [InlineData("""{"name":"oidc_client","label":"L","credentials":{"oauthClient":{"client_secret":"a-long-enough-secret-123"}},"settings":{"oauthClient":{"application_type":"browser","redirect_uris":["https://a.test/cb"]}}}""", "client_secret: ")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":["https://a.test/cb"],"consent_method":"REQUIRED"}}}""", "consent_method: ")]
    public async Task Create_InvalidBodyIsE0000001WithCause(string json, string cause)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/apps", json);

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains(causes, actual => actual.StartsWith(cause, StringComparison.Ordinal));
        Assert.StartsWith("Api validation failed: ", response["errorSummary"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"name":"oidc_client","label":7}""")]
    [InlineData("""{"name":"oidc_client","label":"L","settings":{"oauthClient":{"redirect_uris":"https://a.test/cb"}}}""")]
    [InlineData("null")]
    public async Task Create_MalformedBodyIsE0000003(string json)
    {
        using var api = new ManagementApiClient(Server);

        (await api.SendAsync(HttpMethod.Post, "/api/v1/apps", json)).AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Fact]
    public async Task Replace_ClientIdCannotChange()
    {
        using var api = new ManagementApiClient(Server);
        var id = (await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("Immutable"))))["id"]!;
        var body = new
        {
            name = "oidc_client",
            label = AppsApi.UniqueLabel("X"),
            credentials = new { oauthClient = new { client_id = "another" } },
            settings = new { oauthClient = new { redirect_uris = new[] { "https://a.test/cb" } } },
        };

        var causes = (await api.PutAsync("/api/v1/apps/" + id, body)).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");

        Assert.Contains("client_id: The field cannot be changed", causes);
    }
}
