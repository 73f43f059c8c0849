using System.Text.Json.Nodes;

namespace Gatehouse.Server.Cli.Apps;

/// <summary>
/// The app types of <c>apps create</c>, with the OpenID Connect settings Okta's CLI sends for each
/// (okta-reference.md §3, §4): a web app is confidential (client_secret_basic) with the code flow; SPA and native
/// apps are public clients with PKCE; a service uses client credentials and has no redirect URIs.
/// </summary>
internal sealed record AppTemplate(string Name, string ApplicationType, string DefaultRedirectUri, bool HasSecret)
{
    public static readonly AppTemplate Web = new("web", "web", "http://localhost:8080/callback", HasSecret: true);
    public static readonly AppTemplate Spa = new("spa", "browser", "http://localhost:8080/login/callback", HasSecret: false);
    public static readonly AppTemplate Native = new("native", "native", "com.example.app:/callback", HasSecret: false);
    public static readonly AppTemplate Service = new("service", "service", string.Empty, HasSecret: true);

    public static IReadOnlyList<AppTemplate> All { get; } = [Web, Spa, Native, Service];

    public bool HasRedirects => ApplicationType != "service";

    public static AppTemplate Find(string name) =>
        All.FirstOrDefault(template => string.Equals(template.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new CliException(ExitCodes.Usage, $"Unknown application type '{name}': use {string.Join(", ", All.Select(template => template.Name))}.");

    /// <summary>Okta's CLI default: the redirect URI's origin and "/".</summary>
    public static string DefaultPostLogoutRedirectUri(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            ? uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) + "/" : uri.Scheme + ":/"
            : redirectUri;

    /// <summary>The body of <c>POST /api/v1/apps</c>.</summary>
    public JsonObject CreateBody(string label, IReadOnlyList<string> redirectUris, IReadOnlyList<string> postLogoutRedirectUris)
    {
        var oauthClient = new JsonObject
        {
            ["response_types"] = new JsonArray(ApplicationType == "service" ? "token" : "code"),
            ["grant_types"] = ApplicationType switch
            {
                "service" => new JsonArray("client_credentials"),
                "native" => new JsonArray("authorization_code", "refresh_token"),
                _ => new JsonArray("authorization_code"),
            },
            ["application_type"] = ApplicationType,
        };
        if (HasRedirects)
        {
            oauthClient["redirect_uris"] = new JsonArray([.. redirectUris.Select(uri => (JsonNode)uri)]);
            oauthClient["post_logout_redirect_uris"] = new JsonArray([.. postLogoutRedirectUris.Select(uri => (JsonNode)uri)]);
        }

        var body = new JsonObject
        {
            ["name"] = "oidc_client",
            ["label"] = label,
            ["signOnMode"] = "OPENID_CONNECT",
            ["settings"] = new JsonObject { ["oauthClient"] = oauthClient },
        };
        if (!HasSecret)
        {
            // Public clients: no secret, PKCE required.
            body["credentials"] = new JsonObject
            {
                ["oauthClient"] = new JsonObject { ["token_endpoint_auth_method"] = "none", ["pkce_required"] = true },
            };
        }

        return body;
    }
}
