using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;

using Gatehouse.Server.Hosting.Errors;

using Microsoft.AspNetCore.RateLimiting;

namespace Gatehouse.Server.Hosting.RateLimiting;

/// <summary>
/// Rate limits on the sign-in form, the token endpoints and the management API with ASP.NET Core's rate limiting middleware, answered
/// like Okta: 429 with X-Rate-Limit-Limit/-Remaining/-Reset (and Retry-After, RFC 6585 §4 / RFC 9110 §10.2.3).
/// </summary>
internal static partial class RateLimitingExtensions
{
    /// <summary>Okta's error for an exceeded rate limit.</summary>
    public const string OktaErrorCode = "E0000047";

    public const string OktaErrorSummary = "API call exceeded rate limit due to too many requests.";

    public static IServiceCollection AddGatehouseRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
        });
        // Resolved when the middleware starts, after the tests have replaced the TimeProvider.
        services.AddOptions<RateLimiterOptions>().Configure<TimeProvider>((limiter, clock) => limiter.GlobalLimiter = new ClockWindowRateLimiter(clock));
        return services;
    }

    /// <summary>Before authentication: OpenIddict answers the token endpoints from its authentication handler.</summary>
    public static WebApplication UseGatehouseRateLimiting(this WebApplication app)
    {
        app.UseMiddleware<RateLimitClassifier>();
        app.UseRateLimiter();
        return app;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var request = context.Features.Get<RateLimitedRequest>();
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitingExtensions)),
            request?.Endpoint ?? "unknown", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

        if (request is { IsSignIn: true })
        {
            // No body: the status-code page renders Gatehouse's HTML error page for 429.
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        if (request is { IsManagementApi: true })
        {
            // The management API's errors are Okta's object alone, with an oae… error id as everywhere else in /api/v1.
            await context.Response.WriteAsync(JsonSerializer.Serialize(OktaError.Create(OktaErrorCode, OktaErrorSummary)), cancellationToken);
            return;
        }

        // Okta's error object, plus an OAuth-style error for OAuth client libraries.
        var body = new JsonObject
        {
            ["errorCode"] = OktaErrorCode,
            ["errorSummary"] = OktaErrorSummary,
            ["errorLink"] = OktaErrorCode,
            ["errorId"] = context.TraceIdentifier,
            ["errorCauses"] = new JsonArray(),
            ["error"] = "temporarily_unavailable",
            ["error_description"] = OktaErrorSummary,
        };
        await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit exceeded on {Endpoint} from {RemoteIp}.")]
    private static partial void LogRejected(ILogger logger, string endpoint, string remoteIp);
}
