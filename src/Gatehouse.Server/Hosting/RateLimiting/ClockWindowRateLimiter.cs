using System.Threading.RateLimiting;

namespace Gatehouse.Server.Hosting.RateLimiting;

/// <summary>
/// The global limiter given to ASP.NET Core's rate limiting middleware: fixed windows aligned to the clock (Okta's
/// limits are per minute and its X-Rate-Limit-Reset is the end of the current window), counted on the injected
/// <see cref="TimeProvider"/> so that tests can move windows with a fake clock (the windows of
/// System.Threading.RateLimiting run on real time). A request is admitted only if it fits every counter it
/// belongs to (client IP and user, or client IP and client); a refused request counts against none of them.
/// </summary>
internal sealed class ClockWindowRateLimiter(TimeProvider clock) : PartitionedRateLimiter<HttpContext>
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Features.Get<RateLimitedRequest>() is not { Counters.Count: > 0 } request)
        {
            return Lease.Acquired;
        }

        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % request.Window.Ticks), TimeSpan.Zero);
        var reset = start + request.Window;
        RateLimitOutcome outcome;
        lock (_lock)
        {
            Sweep(now);
            var tightest = request.Counters
                .Select(counter => (counter.Limit, Used: _windows.TryGetValue(counter.Key, out var window) && window.Start == start ? window.Count : 0))
                .MinBy(counter => counter.Limit - counter.Used);
            var acquired = tightest.Used + permitCount <= tightest.Limit;
            if (acquired && permitCount > 0)
            {
                foreach (var counter in request.Counters)
                {
                    if (!_windows.TryGetValue(counter.Key, out var window) || window.Start != start)
                    {
                        _windows[counter.Key] = window = new Window(start, reset);
                    }

                    window.Count += permitCount;
                }
            }

            outcome = new RateLimitOutcome(tightest.Limit, Math.Max(0, tightest.Limit - tightest.Used - (acquired ? permitCount : 0)), reset, acquired);
        }

        resource.Features.Set(outcome);
        return outcome.Acquired ? Lease.Acquired : new Lease(false, reset - now);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>Forgets windows that have ended, so random usernames or client ids cannot grow memory for long.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            if (window.End <= now)
            {
                _windows.Remove(key);
            }
        }

        _nextSweep = now + SweepInterval;
    }

    private sealed class Window(DateTimeOffset start, DateTimeOffset end)
    {
        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public int Count { get; set; }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Acquired { get; } = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
