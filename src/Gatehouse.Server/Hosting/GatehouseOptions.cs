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

    /// <summary>Each authorization server's signing key is rotated when it has signed this long (Okta: ~4 times a year).</summary>
    public TimeSpan SigningKeyRotationInterval { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a new signing key is published in JWKS before it signs. Clients cache JWKS: Microsoft.IdentityModel
    /// refreshes every 12 hours by default, so 2 days leaves clients that refresh daily a wide margin.
    /// </summary>
    public TimeSpan SigningKeyPropagationDelay { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often each node rotates keys that are due and reloads keys other nodes created or retired.</summary>
    public TimeSpan SigningKeyCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Cache-Control: max-age</c> of the JWKS endpoints. Must leave room within the propagation delay:
    /// a client's cached key set and every node's key ring know a new key before it signs.
    /// </summary>
    public TimeSpan JwksCacheMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long System Log events are kept in the database (Okta retains 90 days).</summary>
    public TimeSpan SystemLogRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often events older than <see cref="SystemLogRetention"/> are deleted.</summary>
    public TimeSpan SystemLogPruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Expired, redeemed or revoked token entries (and authorizations left without a valid token) are deleted once
    /// they are this old; valid tokens never are. 14 days is OpenIddict's own minimum: a redeemed refresh token
    /// presented again within it is still recognised as reuse (System Log <c>detect_reuse</c>).
    /// </summary>
    public TimeSpan TokenRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often token entries past <see cref="TokenRetention"/> are deleted.</summary>
    public TimeSpan TokenPruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Database provider: <c>sqlite</c> (default, a file in the data directory).</summary>
    public string DatabaseProvider { get; set; } = "sqlite";

    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL (several nodes): how often each node reads the shared configuration stamp and, when another node
    /// changed apps, authorization servers, policies, scopes, trusted origins or signing keys, drops its caches. A
    /// change is seen by every node within this interval plus one query (docs/decisions/0012-stateless-nodes.md).
    /// Zero turns the poll off (one node only). SQLite serves one process and never polls.
    /// </summary>
    public TimeSpan ConfigurationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Load balancers or reverse proxies (IP addresses or CIDR blocks) whose <c>X-Forwarded-Proto</c> and
    /// <c>X-Forwarded-For</c> are believed: set it when TLS ends at a proxy (docs/deployment.md). Empty: ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Rate limits on the sign-in form and the token endpoints (docs/configuration.md, "Rate limits").</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Why the key rotation settings cannot keep "published before it signs"; null when they can.</summary>
    public string? ValidateKeyRotation()
    {
        if (SigningKeyCheckInterval <= TimeSpan.Zero || JwksCacheMaxAge < TimeSpan.Zero || SigningKeyRotationInterval <= TimeSpan.Zero)
        {
            return "SigningKeyCheckInterval and SigningKeyRotationInterval must be positive, JwksCacheMaxAge not negative.";
        }

        // A client may hold a key set fetched JwksCacheMaxAge ago, from a node that reloads keys every
        // SigningKeyCheckInterval: both must fit in the delay for the new key to be known before it signs.
        return SigningKeyPropagationDelay < JwksCacheMaxAge + SigningKeyCheckInterval
            ? $"SigningKeyPropagationDelay ({SigningKeyPropagationDelay}) must be at least JwksCacheMaxAge + SigningKeyCheckInterval ({JwksCacheMaxAge + SigningKeyCheckInterval})."
            : SigningKeyRotationInterval <= SigningKeyPropagationDelay
                ? "SigningKeyRotationInterval must be longer than SigningKeyPropagationDelay."
                : null;
    }

    public string[] ListenUrls => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The issuer origin without a trailing slash.</summary>
    public string ResolvePublicOrigin()
    {
        var origin = string.IsNullOrWhiteSpace(PublicOrigin) ? ListenUrls.FirstOrDefault() ?? DefaultUrls : PublicOrigin;
        var uri = new Uri(origin, UriKind.Absolute);
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
