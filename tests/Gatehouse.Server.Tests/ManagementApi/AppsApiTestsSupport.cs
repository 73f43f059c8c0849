using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>Bodies as the Okta CLI and SDKs send them to <c>/api/v1/apps</c>, and small helpers for the apps tests.</summary>
internal static class AppsApi
{
    public const string SpaRedirectUri = "http://localhost:8080/login/callback";
    public const string NativeRedirectUri = "com.example.app:/callback";

    public static string UniqueLabel(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>What <c>okta apps create web</c> posts (okta-reference.md §4): no credentials, so client_secret_basic.</summary>
    public static object CliWebApp(string label, params string[] grantTypes) => new
    {
        name = "oidc_client",
        label,
        signOnMode = "OPENID_CONNECT",
        settings = new
        {
            oauthClient = new
            {
                redirect_uris = new[] { TestSeed.WebRedirectUri },
                post_logout_redirect_uris = new[] { "https://app.example.test/" },
                response_types = new[] { "code" },
                grant_types = grantTypes.Length == 0 ? ["authorization_code"] : grantTypes,
                application_type = "web",
            },
        },
    };

    public static object PublicApp(string label, string applicationType, string redirectUri) => new
    {
        name = "oidc_client",
        label,
        signOnMode = "OPENID_CONNECT",
        credentials = new { oauthClient = new { token_endpoint_auth_method = "none", autoKeyRotation = true } },
        settings = new
        {
            oauthClient = new
            {
                redirect_uris = new[] { redirectUri },
                response_types = new[] { "code" },
                grant_types = new[] { "authorization_code", "refresh_token" },
                application_type = applicationType,
                consent_method = "TRUSTED",
            },
        },
    };

    public static object ServiceApp(string label) => new
    {
        name = "oidc_client",
        label,
        signOnMode = "OPENID_CONNECT",
        credentials = new { oauthClient = new { token_endpoint_auth_method = "client_secret_basic" } },
        settings = new { oauthClient = new { response_types = new[] { "token" }, grant_types = new[] { "client_credentials" }, application_type = "service" } },
    };

    public static async Task<ApiResponse> CreateAsync(ManagementApiClient api, object body, string query = "")
    {
        var created = await api.PostAsync("/api/v1/apps" + query, body);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return created;
    }

    public static string ClientId(ApiResponse app) => app.Json.GetProperty("credentials").GetProperty("oauthClient").GetProperty("client_id").GetString()!;

    public static string? ClientSecret(ApiResponse app) =>
        app.Json.GetProperty("credentials").GetProperty("oauthClient").TryGetProperty("client_secret", out var secret) ? secret.GetString() : null;

    public static async Task<string> UserIdAsync(ManagementApiClient api, string login) => (await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(login)))["id"]!;
}
