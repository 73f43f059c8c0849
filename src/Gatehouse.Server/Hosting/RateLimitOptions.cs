namespace Gatehouse.Server.Hosting;

/// <summary>
/// The <c>Gatehouse:RateLimits</c> section. Each limit counts requests in fixed windows aligned to the clock (as
/// Okta's per-minute limits); a request must fit every limit that applies to it. A limit of 0 switches it off.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Switches all rate limits off (for load tests); on by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>POSTs of the hosted sign-in form.</summary>
    public SignInRateLimit SignIn { get; set; } = new();

    /// <summary>The token, introspection and revocation endpoints of every authorization server, each counted apart.</summary>
    public TokenRateLimit Token { get; set; } = new();

    /// <summary>The management API (<c>/api/v1</c>), one bucket per kind of resource as Okta's management limits.</summary>
    public ManagementApiRateLimit ManagementApi { get; set; } = new();
}

public abstract class RateLimitRule
{
    /// <summary>Requests per window from one client IP address (IPv6: one /64 network).</summary>
    public int PerIp { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class SignInRateLimit : RateLimitRule
{
    public SignInRateLimit() => PerIp = 100;

    /// <summary>Sign-in attempts per window for one username (normalized as Identity does), from anywhere.</summary>
    public int PerUser { get; set; } = 20;
}

public sealed class TokenRateLimit : RateLimitRule
{
    public TokenRateLimit() => PerIp = 2000;

    /// <summary>Requests per window for one client_id (HTTP Basic or form), from anywhere.</summary>
    public int PerClient { get; set; } = 1000;
}

/// <summary>
/// Okta counts <c>/api/v1</c> calls per org in buckets by resource (<c>/api/v1/users</c>, <c>/api/v1/apps</c>…), and
/// each API token may use only a share of a bucket so that one script cannot starve the admins.
/// </summary>
public sealed class ManagementApiRateLimit
{
    /// <summary>Requests per window for the whole org, by the first path segment after <c>/api/v1/</c>.</summary>
    public Dictionary<string, int> Buckets { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["users"] = 600,
        ["groups"] = 500,
        ["apps"] = 100,
        ["authorizationServers"] = 100,
        ["trustedOrigins"] = 100,
        ["logs"] = 60,
    };

    /// <summary>Requests per window for the whole org to any other <c>/api/v1</c> path.</summary>
    public int Default { get; set; } = 600;

    /// <summary>The share of a bucket one API token (or, without a token, one client IP address) may use (Okta's default: 50%).</summary>
    public int PerTokenPercent { get; set; } = 50;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
