using Gatehouse.Server.Apps;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// Okta's OpenIdConnectApplication (okta-reference.md §3, DOCS-OLD apps): <c>{id: "0oa…", name, label, status,
/// signOnMode, credentials.oauthClient, settings.oauthClient, _links}</c>. The client secret is included only for
/// callers allowed to read secrets (super admins), as Okta shows it to admins.
/// </summary>
internal static class AppResource
{
    public const string ResourceName = "AppInstance";

    public static object ToJson(OidcApp app, string origin, string? clientSecret)
    {
        var self = $"{origin}/api/v1/apps/{app.Id}";
        return new
        {
            id = app.Id,
            name = AppValidator.AppName,
            label = app.Label,
            status = app.Status,
            created = app.Created,
            lastUpdated = app.LastUpdated,
            signOnMode = AppValidator.SignOnMode,
            accessibility = new { selfService = false, errorRedirectUrl = (string?)null, loginRedirectUrl = (string?)null },
            visibility = new { autoSubmitToolbar = false, hide = new { iOS = true, web = true }, appLinks = new { oidc_client_link = true } },
            features = Array.Empty<string>(),
            credentials = new
            {
                userNameTemplate = new { template = "${source.login}", type = "BUILT_IN" },
                oauthClient = new Dictionary<string, object?>
                {
                    ["autoKeyRotation"] = app.AutoKeyRotation,
                    ["client_id"] = app.ClientId,
                    ["client_secret"] = clientSecret,
                    ["token_endpoint_auth_method"] = app.TokenEndpointAuthMethod,
                    ["pkce_required"] = app.PkceRequired,
                }.Where(pair => pair.Key != "client_secret" || pair.Value is not null).ToDictionary(),
            },
            settings = new
            {
                app = new { },
                oauthClient = new Dictionary<string, object?>
                {
                    ["client_uri"] = (string?)null,
                    ["logo_uri"] = (string?)null,
                    ["redirect_uris"] = app.RedirectUris,
                    ["post_logout_redirect_uris"] = app.PostLogoutRedirectUris,
                    ["response_types"] = app.ResponseTypes,
                    ["grant_types"] = app.GrantTypes,
                    ["application_type"] = app.ApplicationType,
                    ["consent_method"] = app.ConsentMethod,
                    ["initiate_login_uri"] = app.InitiateLoginUri,
                    ["issuer_mode"] = "ORG_URL",
                    ["wildcard_redirect"] = "DISABLED",
                    // Okta returns the rotation setting for apps that may use refresh tokens.
                    ["refresh_token"] = RefreshTokenSettings.AppliesTo(app)
                        ? new { rotation_type = app.EffectiveRefreshToken.RotationType, leeway = app.EffectiveRefreshToken.Leeway }
                        : null,
                }.Where(pair => pair.Key != "refresh_token" || pair.Value is not null).ToDictionary(),
            },
            _links = Links(app, self, origin),
        };
    }

    private static Dictionary<string, object> Links(OidcApp app, string self, string origin)
    {
        var links = new Dictionary<string, object>
        {
            ["self"] = new { href = self },
            ["appLinks"] = new[] { new { name = "oidc_client_link", href = $"{origin}/home/oidc_client/{app.Id}", type = "text/html" } },
            ["groups"] = new { href = self + "/groups" },
            ["users"] = new { href = self + "/users" },
            ["logo"] = new[] { new { name = "medium", href = $"{origin}/assets/img/logos/default.png", type = "image/png" } },
        };
        links[app.IsActive ? "deactivate" : "activate"] = new { href = self + (app.IsActive ? "/lifecycle/deactivate" : "/lifecycle/activate") };
        return links;
    }
}
