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
