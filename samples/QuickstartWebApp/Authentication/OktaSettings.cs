namespace QuickstartWebApp.Authentication;

/// <summary>The guide's <c>Okta</c> configuration node, checked the way Okta.AspNetCore checks it.</summary>
public sealed class OktaSettings
{
    public string OktaDomain { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary><c>default</c> for the default custom authorization server; empty for the org authorization server.</summary>
    public string? AuthorizationServerId { get; set; } = "default";

    /// <summary>
    /// The authority: <c>{OktaDomain}/oauth2/{AuthorizationServerId}</c>, or the domain itself (the org
    /// authorization server) when the id is empty.
    /// </summary>
    public string Issuer => string.IsNullOrWhiteSpace(AuthorizationServerId)
        ? OktaDomain.TrimEnd('/')
        : $"{OktaDomain.TrimEnd('/')}/oauth2/{AuthorizationServerId}";

    public static OktaSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection("Okta").Get<OktaSettings>() ?? new OktaSettings();
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        if (!OktaDomain.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || !Uri.IsWellFormedUriString(OktaDomain, UriKind.Absolute))
        {
            throw new InvalidOperationException($"Okta:OktaDomain must be an https:// URL, e.g. https://dev-123456.okta.com (it is '{OktaDomain}').");
        }

        if (OktaDomain.Contains("{yourOktaDomain}", StringComparison.OrdinalIgnoreCase) || OktaDomain.Contains("-admin.", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Okta:OktaDomain must be your org's domain (not a placeholder, not the -admin domain).");
        }

        if (string.IsNullOrWhiteSpace(ClientId) || ClientId.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Okta:ClientId must be the client ID of your app integration.");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret) || ClientSecret.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Okta:ClientSecret must be the client secret of your app integration.");
        }
    }
}
