namespace Gatehouse.Server.Hosting.RateLimiting;

/// <summary>One counter a request must fit in: a key (endpoint + partition) and its limit per window.</summary>
internal readonly record struct RateLimitCounter(string Key, int Limit);

/// <summary>
/// What a request counts against, decided by <see cref="RateLimitClassifier"/> before the rate limiter runs
/// (the partition resolver of ASP.NET Core's rate limiter is synchronous and cannot read the form).
/// </summary>
internal sealed record RateLimitedRequest(string Endpoint, TimeSpan Window, IReadOnlyList<RateLimitCounter> Counters)
{
    public bool IsSignIn => Endpoint == RateLimitClassifier.SignInEndpoint;

    public bool IsManagementApi => Endpoint.StartsWith(RateLimitClassifier.ManagementApiPrefix, StringComparison.Ordinal);
}

/// <summary>The state of the tightest counter after the request was counted, for the X-Rate-Limit-* headers.</summary>
internal sealed record RateLimitOutcome(int Limit, int Remaining, DateTimeOffset Reset, bool Acquired);
