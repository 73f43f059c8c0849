namespace Gatehouse.Server.Hosting.Seeding;

/// <summary>The seed file (docs/configuration.md#seed-file): the org's users, groups, apps and API tokens.</summary>
public sealed class SeedDocument
{
    public SeedOrg? Org { get; set; }

    public List<SeedGroup> Groups { get; set; } = [];

    public List<SeedUser> Users { get; set; } = [];

    public List<SeedAuthorizationServer> AuthorizationServers { get; set; } = [];

    public List<SeedApp> Apps { get; set; } = [];

    public List<SeedApiToken> ApiTokens { get; set; } = [];
}

public sealed class SeedOrg
{
    public string? Name { get; set; }
}

public sealed class SeedGroup
{
    public required string Name { get; set; }

    public string? Description { get; set; }
}

public sealed class SeedUser
{
    /// <summary>The Okta login (usually an email address); the key that makes the seed idempotent.</summary>
    public required string Login { get; set; }

    public string? Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Locale { get; set; }

    public string? TimeZone { get; set; }

    public string? Password { get; set; }

    /// <summary>An ASP.NET Core Identity (v3, PBKDF2) password hash, instead of <see cref="Password"/>: seeds stay free of clear-text passwords.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The password is set when the user is created and again only when this number changes.</summary>
    public int PasswordVersion { get; set; } = 1;

    public List<string> Groups { get; set; } = [];

    /// <summary>Okta admin roles (<c>SUPER_ADMIN</c>, <c>READ_ONLY_ADMIN</c>): what the user's API tokens may do. Added, never removed.</summary>
    public List<string> AdminRoles { get; set; } = [];
}

public sealed class SeedAuthorizationServer
{
    public required string Id { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Audience { get; set; }

    public List<SeedScope> Scopes { get; set; } = [];
}

public sealed class SeedScope
{
    public required string Name { get; set; }

    public string? Description { get; set; }
}

public sealed class SeedApp
{
    public required string Label { get; set; }

    /// <summary><c>web</c> (authorization code, confidential) or <c>service</c> (client credentials).</summary>
    public string Type { get; set; } = "web";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Groups whose members may sign in (default: Everyone).</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Okta's <c>pkce_required</c>: refuse code requests without a PKCE S256 challenge.</summary>
    public bool PkceRequired { get; set; }

    /// <summary>Custom scopes a service app may request.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Okta's <c>refresh_token.rotation_type</c>: ROTATE or STATIC (default for web apps, as in Okta).</summary>
    public string? RefreshTokenRotation { get; set; }

    /// <summary>Okta's <c>refresh_token.leeway</c> in seconds, 0–60 (default 30).</summary>
    public int? RefreshTokenLeeway { get; set; }
}

public sealed class SeedApiToken
{
    public required string Name { get; set; }

    /// <summary>The login of the admin user the token acts as.</summary>
    public required string User { get; set; }

    public required string Token { get; set; }
}

public sealed record SeedSummary(int UsersCreated, int UsersUpdated, int PasswordsSet, int Groups, int Apps, int ApiTokens);
