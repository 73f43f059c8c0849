namespace Gatehouse.Server.Hosting;

/// <summary>
/// The <c>Gatehouse</c> configuration section: command-line flags, <c>GATEHOUSE__*</c> environment variables and
/// <c>appsettings.json</c> all bind here. See docs/configuration.md.
/// </summary>
public sealed class GatehouseOptions
{
    public const string SectionName = "Gatehouse";

    public const string DefaultUrls = "https://localhost:8443";

    /// <summary>Where the database, TLS material and key-encryption certificate live.</summary>
    public string DataDirectory { get; set; } = "./.gatehouse";

    /// <summary>Semicolon-separated listen URLs.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The issuer origin (scheme, host, port). Never taken from the request's Host header.</summary>
    public string? PublicOrigin { get; set; }

    /// <summary>A seed file applied idempotently at every start.</summary>
    public string? SeedFile { get; set; }

    /// <summary>PEM certificate and key for HTTPS; default: a certificate issued by the local CA.</summary>
    public string? TlsCertificatePath { get; set; }

    public string? TlsKeyPath { get; set; }

    /// <summary>A PFX with a private key that encrypts the Data Protection key ring at rest; all nodes share it.</summary>
    public string? KeyEncryptionCertificatePath { get; set; }

    /// <summary>Failed sign-ins before lockout (Okta's default password policy locks after 10).</summary>
    public int LockoutMaxFailedAttempts { get; set; } = 10;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a rotated refresh token may still be used (Okta's default grace period is 30 s).</summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Database provider: <c>sqlite</c> (default, a file in the data directory).</summary>
    public string DatabaseProvider { get; set; } = "sqlite";

    public string? ConnectionString { get; set; }

    /// <summary>Rate limits on the sign-in form and the token endpoints (docs/configuration.md, "Rate limits").</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    public string[] ListenUrls => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The issuer origin without a trailing slash.</summary>
    public string ResolvePublicOrigin()
    {
        var origin = string.IsNullOrWhiteSpace(PublicOrigin) ? ListenUrls.FirstOrDefault() ?? DefaultUrls : PublicOrigin;
        var uri = new Uri(origin, UriKind.Absolute);
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
