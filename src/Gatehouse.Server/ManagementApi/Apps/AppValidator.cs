using Gatehouse.Server.Apps;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// Okta's rules for OIDC apps (okta-reference.md §3), applied to a create or full-update body: one E0000001 cause per
/// problem. Web apps use the authorization code (with an optional refresh token and client credentials) and a
/// secret; browser (SPA) and native apps are public clients with PKCE; service apps use client credentials only.
/// </summary>
internal static class AppValidator
{
    public const string AppName = "oidc_client";
    public const string SignOnMode = "OPENID_CONNECT";
    public const int MaxLabelLength = 100;

    private static readonly string[] ApplicationTypes = ["web", "browser", "native", "service"];
    private static readonly string[] SupportedGrants = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials];

    /// <summary>Grant types Okta knows and Gatehouse does not offer (no implicit, hybrid or password flows).</summary>
    private static readonly string[] UnsupportedGrants =
    [
        GrantTypes.Implicit, GrantTypes.Password, GrantTypes.DeviceCode, GrantTypes.TokenExchange, "interaction_code",
        "urn:ietf:params:oauth:grant-type:saml2-bearer", "urn:ietf:params:oauth:grant-type:jwt-bearer",
    ];

    private static readonly string[] AuthMethods = ["client_secret_basic", "client_secret_post", "none"];

    /// <summary>Copies <paramref name="body"/> onto <paramref name="app"/> (a new app, or a copy of the stored one) and returns the causes.</summary>
    public static List<string> Apply(AppBody body, OidcApp app, bool creating)
    {
        var causes = new List<string>();
        if (body.Name != AppName)
        {
            causes.Add(body.Name is null ? "name: The field cannot be left blank" : $"name: Only {AppName} (OpenID Connect) apps are supported");
        }

        if (body.SignOnMode is not null && body.SignOnMode != SignOnMode)
        {
            causes.Add("signOnMode: Invalid signOnMode");
        }

        var label = body.Label?.Trim();
        if (string.IsNullOrEmpty(label))
        {
            causes.Add("label: The field cannot be left blank");
        }
        else if (label.Length > MaxLabelLength)
        {
            causes.Add($"label: The field cannot exceed {MaxLabelLength} characters");
        }
        else
        {
            app.Label = label;
        }

        var settings = body.Settings?.OauthClient ?? new OAuthClientSettingsBody();
        var credentials = body.Credentials?.OauthClient ?? new OAuthClientCredentialsBody();
        var type = settings.ApplicationType ?? (creating ? "web" : app.ApplicationType);
        if (!ApplicationTypes.Contains(type))
        {
            causes.Add($"application_type: '{type}' is not one of web, browser, native, service");
            return causes;
        }

        if (!creating && type != app.ApplicationType)
        {
            causes.Add("application_type: The field cannot be changed");
            return causes;
        }

        app.ApplicationType = type;
        causes.AddRange(ApplyGrants(settings, app));
        causes.AddRange(ApplyUris(settings, app));
        causes.AddRange(ApplyCredentials(credentials, app, creating));

        causes.AddRange(ApplyRefreshToken(settings.RefreshToken, app, creating));

        app.ConsentMethod = settings.ConsentMethod ?? "TRUSTED";
        if (app.ConsentMethod != "TRUSTED")
        {
            causes.Add(app.ConsentMethod == "REQUIRED"
                ? "consent_method: REQUIRED is not supported; apps have the admin's consent (TRUSTED)"
                : "consent_method: must be TRUSTED or REQUIRED");
        }

        return causes;
    }

    private static IEnumerable<string> ApplyGrants(OAuthClientSettingsBody settings, OidcApp app)
    {
        var service = app.ApplicationType == "service";
        List<string> grants = [.. (settings.GrantTypes ?? [service ? GrantTypes.ClientCredentials : GrantTypes.AuthorizationCode]).Select(grant => grant ?? "null").Distinct()];
        List<string> responses = [.. (settings.ResponseTypes ?? [service ? ResponseTypes.Token : ResponseTypes.Code]).Select(response => response ?? "null").Distinct()];
        app.GrantTypes = grants;
        app.ResponseTypes = responses;

        foreach (var grant in grants.Where(grant => !SupportedGrants.Contains(grant)))
        {
            yield return UnsupportedGrants.Contains(grant)
                ? $"grant_types: The '{grant}' grant type is not supported"
                : $"grant_types: '{grant}' is not a valid grant type";
        }

        if (grants.Count == 0)
        {
            yield return "grant_types: The field cannot be left blank";
        }
        else if (service && grants.Any(grant => grant != GrantTypes.ClientCredentials))
        {
            yield return "grant_types: Service apps may only use the client_credentials grant type";
        }
        else if (!service && !grants.Contains(GrantTypes.AuthorizationCode))
        {
            yield return $"grant_types: {Capitalized(app.ApplicationType)} apps must use the authorization_code grant type";
        }
        else if (app.ApplicationType is "browser" or "native" && grants.Contains(GrantTypes.ClientCredentials))
        {
            yield return $"grant_types: The client_credentials grant type is not allowed for {app.ApplicationType} apps (public clients)";
        }

        var expected = service ? ResponseTypes.Token : ResponseTypes.Code;
        if (responses.Count != 1 || responses[0] != expected)
        {
            yield return $"response_types: {Capitalized(app.ApplicationType)} apps use the response type '{expected}' only";
        }
    }

    /// <summary>
    /// Okta's refresh token rotation: omitted values keep the stored ones (a new app: the type's default, ROTATE for
    /// browser apps and STATIC for the others; leeway 30 s).
    /// </summary>
    private static IEnumerable<string> ApplyRefreshToken(RefreshTokenBody? body, OidcApp app, bool creating)
    {
        var current = creating ? RefreshTokenSettings.DefaultFor(app.ApplicationType) : app.EffectiveRefreshToken;
        var rotation = body?.RotationType ?? current.RotationType;
        var leeway = body?.Leeway ?? current.Leeway;
        if (!RefreshTokenSettings.IsValidRotationType(rotation))
        {
            yield return $"refresh_token.rotation_type: '{rotation}' is not one of {RefreshTokenSettings.Rotate}, {RefreshTokenSettings.Static}";
        }

        if (!RefreshTokenSettings.IsValidLeeway(leeway))
        {
            yield return $"refresh_token.leeway: must be between 0 and {RefreshTokenSettings.MaxLeeway} seconds";
        }

        app.RefreshToken = new RefreshTokenSettings(rotation, leeway);
    }

    private static IEnumerable<string> ApplyUris(OAuthClientSettingsBody settings, OidcApp app)
    {
        var redirects = settings.RedirectUris ?? [];
        var postLogout = settings.PostLogoutRedirectUris ?? [];
        var native = app.ApplicationType == "native";
        if (app.ApplicationType == "service")
        {
            if (redirects.Count > 0 || postLogout.Count > 0)
            {
                yield return "redirect_uris: Service apps do not sign users in and have no redirect URIs";
            }
        }
        else if (redirects.Count == 0)
        {
            yield return "redirect_uris: The field cannot be left blank";
        }

        var causes = RedirectUriRules.Check("redirect_uris", redirects, native)
            .Concat(RedirectUriRules.Check("post_logout_redirect_uris", postLogout, native)).ToList();
        foreach (var cause in causes)
        {
            yield return cause;
        }

        if (settings.InitiateLoginUri is { } initiate && !RedirectUriRules.IsWebUri(initiate))
        {
            yield return "initiate_login_uri: must be an absolute http or https URI";
        }

        if (causes.Count == 0)
        {
            app.RedirectUris = [.. redirects.Select(uri => uri!).Distinct(StringComparer.Ordinal)];
            app.PostLogoutRedirectUris = [.. postLogout.Select(uri => uri!).Distinct(StringComparer.Ordinal)];
            app.InitiateLoginUri = settings.InitiateLoginUri;
        }
    }

    private static IEnumerable<string> ApplyCredentials(OAuthClientCredentialsBody credentials, OidcApp app, bool creating)
    {
        var publicClient = app.ApplicationType is "browser" or "native";
        var method = credentials.TokenEndpointAuthMethod ?? (publicClient ? "none" : creating ? "client_secret_basic" : app.TokenEndpointAuthMethod);
        if (!AuthMethods.Contains(method))
        {
            yield return method is "client_secret_jwt" or "private_key_jwt"
                ? $"token_endpoint_auth_method: '{method}' is not supported"
                : $"token_endpoint_auth_method: '{method}' is not a valid client authentication method";
        }
        else if (publicClient && method != "none")
        {
            yield return $"token_endpoint_auth_method: {Capitalized(app.ApplicationType)} apps are public clients and must use none";
        }
        else if (!publicClient && method == "none")
        {
            yield return $"token_endpoint_auth_method: none is only for browser and native apps; {app.ApplicationType} apps authenticate with a secret";
        }

        app.TokenEndpointAuthMethod = method;

        // A public client has no secret to bind the code to its client: PKCE does (RFC 9700 §2.1.1).
        if (publicClient && credentials.PkceRequired == false)
        {
            yield return "pkce_required: PKCE is required for public clients";
        }

        app.PkceRequired = publicClient || (credentials.PkceRequired ?? (!creating && app.PkceRequired));
        app.AutoKeyRotation = credentials.AutoKeyRotation ?? true;

        if (credentials.ClientId is { } clientId && (creating ? !IsValidClientId(clientId) : clientId != app.ClientId))
        {
            yield return creating
                ? "client_id: must be 1 to 100 letters, digits or the characters - . _ ~"
                : "client_id: The field cannot be changed";
        }

        if (creating && credentials.ClientSecret is { } secret)
        {
            if (publicClient)
            {
                yield return "client_secret: Public clients have no client secret";
            }
            else if (!ClientSecretRules.IsValid(secret))
            {
                yield return ClientSecretRules.Cause;
            }
        }
    }

    private static bool IsValidClientId(string clientId) =>
        clientId.Length is > 0 and <= 100 && clientId.All(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '.' or '_' or '~');

    private static string Capitalized(string type) => char.ToUpperInvariant(type[0]) + type[1..];
}

/// <summary>Secrets an admin supplies: Okta's bounds, printable ASCII so every client can send them in a Basic header.</summary>
internal static class ClientSecretRules
{
    public const string Cause = "client_secret: must be 14 to 100 printable ASCII characters";

    public static bool IsValid(string secret) => secret.Length is >= 14 and <= 100 && secret.All(character => character is >= '!' and <= '~');
}
