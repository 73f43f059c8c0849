using System.Security.Cryptography;
using System.Text;

using Gatehouse.Server.Hosting.Errors;

namespace Gatehouse.Server.Hosting.RateLimiting;

/// <summary>
/// Which of Okta's management buckets an <c>/api/v1</c> request counts against: the org's bucket of the resource
/// (the first path segment, <c>internal/apps</c> counting as <c>apps</c>) and the caller's share of it. Every method
/// counts, reads included, as Okta's limits do.
/// </summary>
internal static class ManagementApiBuckets
{
    private const string DefaultBucket = "default";

    public static RateLimitedRequest? TryClassify(HttpRequest request, ManagementApiRateLimit limits, string ip)
    {
        if (!ErrorResponseExtensions.IsManagementApiPath(request.Path))
        {
            return null;
        }

        var (bucket, orgLimit) = Bucket(request.Path, limits);
        var counters = new List<RateLimitCounter>(2);
        if (orgLimit > 0)
        {
            counters.Add(new($"{RateLimitClassifier.ManagementApiPrefix}{bucket}|org", orgLimit));
            var share = Math.Clamp(limits.PerTokenPercent, 0, 100);
            if (share is > 0 and < 100)
            {
                // The token is hashed before it is held in memory; a caller without one is counted by its address,
                // so that unauthenticated calls cannot use up an admin's share.
                var header = request.Headers.Authorization.ToString();
                var caller = header.Length > 0
                    ? "token|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)))
                    : "ip|" + ip;
                counters.Add(new($"{RateLimitClassifier.ManagementApiPrefix}{bucket}|{caller}", Math.Max(1, orgLimit * share / 100)));
            }
        }

        var window = limits.Window > TimeSpan.Zero ? limits.Window : TimeSpan.FromMinutes(1);
        return counters.Count == 0 ? null : new RateLimitedRequest(RateLimitClassifier.ManagementApiPrefix + bucket, window, counters);
    }

    private static (string Name, int Limit) Bucket(PathString path, ManagementApiRateLimit limits)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        // segments[0..1] are "api", "v1".
        var index = segments.Length > 3 && segments[2].Equals("internal", StringComparison.OrdinalIgnoreCase) ? 3 : 2;
        if (segments.Length > index && limits.Buckets.Keys.FirstOrDefault(key => key.Equals(segments[index], StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            return (name, limits.Buckets[name]);
        }

        // Unknown segments share one bucket: a caller cannot mint fresh buckets with made-up paths.
        return (DefaultBucket, limits.Default);
    }
}
