using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

using OpenIddict.Server;

namespace Gatehouse.Server.Hosting.RateLimiting;

/// <summary>
/// Runs just before the rate limiter: decides which counters a request belongs to (client IP plus the submitted
/// username on the sign-in form; client IP plus client_id on the token, introspection and revocation endpoints of
/// every authorization server; the org's bucket plus the API token on <c>/api/v1</c>), and writes Okta's X-Rate-Limit-* headers on the response of every limited request.
/// </summary>
internal sealed class RateLimitClassifier(RequestDelegate next, IOptions<GatehouseOptions> options, IssuerRegistry issuers)
{
    public const string SignInEndpoint = "signin";
    public const string ManagementApiPrefix = "api/v1:";

    public async Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value.RateLimits;
        var request = limits.Enabled ? await ClassifyAsync(context, limits) : null;
        // Always set: a re-executed request (status-code or error page) must not be counted twice.
        context.Features.Set(request);
        if (request is not null)
        {
            context.Response.OnStarting(WriteHeaders, context);
        }

        await next(context);
    }

    private async Task<RateLimitedRequest?> ClassifyAsync(HttpContext context, RateLimitOptions limits)
    {
        var request = context.Request;
        var ip = IpPartition(context.Connection.RemoteIpAddress);
        if (ManagementApiBuckets.TryClassify(request, limits.ManagementApi, ip) is { } managementApi)
        {
            return managementApi;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var path = request.Path.Value ?? string.Empty;
        if (path.TrimEnd('/').Equals("/signin", StringComparison.OrdinalIgnoreCase))
        {
            var username = await ReadFormValueAsync(request, "Input.Username", urlEncodedOnly: false);
            var normalized = string.IsNullOrEmpty(username) ? null : context.RequestServices.GetRequiredService<ILookupNormalizer>().NormalizeName(username);
            return Build(SignInEndpoint, limits.SignIn, ip, ("user", normalized, limits.SignIn.PerUser));
        }

        if (issuers.TryResolve(path, out _, out var endpoint) && endpoint is OpenIddictServerEndpointType.Token
                or OpenIddictServerEndpointType.Introspection or OpenIddictServerEndpointType.Revocation)
        {
            // OpenIddict reads the same form later: ReadFormAsync caches it on the request.
            var clientId = BasicClientId(request) ?? await ReadFormValueAsync(request, "client_id", urlEncodedOnly: true);
            var name = endpoint switch
            {
                OpenIddictServerEndpointType.Token => "token",
                OpenIddictServerEndpointType.Introspection => "introspect",
                _ => "revoke",
            };
            return Build(name, limits.Token, ip, ("client", clientId, limits.Token.PerClient));
        }

        return null;
    }

    private static RateLimitedRequest? Build(string endpoint, RateLimitRule rule, string ip, (string Kind, string? Value, int Limit) subject)
    {
        var counters = new List<RateLimitCounter>(2);
        if (rule.PerIp > 0)
        {
            counters.Add(new($"{endpoint}|ip|{ip}", rule.PerIp));
        }

        if (subject is { Value.Length: > 0, Limit: > 0 })
        {
            // Hashed: counters never hold usernames, and a huge value costs no more memory than a short one.
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(subject.Value)));
            counters.Add(new($"{endpoint}|{subject.Kind}|{hash}", subject.Limit));
        }

        var window = rule.Window > TimeSpan.Zero ? rule.Window : TimeSpan.FromMinutes(1);
        return counters.Count == 0 ? null : new RateLimitedRequest(endpoint, window, counters);
    }

    /// <summary>An IPv4 address, or the /64 network of an IPv6 address (one host usually owns a whole /64).</summary>
    internal static string IpPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The client_id of HTTP Basic client authentication (RFC 6749 §2.3.1: form-encoded, then Base64).</summary>
    private static string? BasicClientId(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task<string?> ReadFormValueAsync(HttpRequest request, string name, bool urlEncodedOnly)
    {
        if (!request.HasFormContentType
            || (urlEncodedOnly && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true))
        {
            return null;
        }

        // Buffered so that a body the form reader refuses is left as it was for the endpoint to answer.
        request.EnableBuffering();
        try
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
        {
            request.Body.Position = 0;
            return null;
        }
    }

    private static Task WriteHeaders(object state)
    {
        var context = (HttpContext)state;
        if (context.Features.Get<RateLimitOutcome>() is { } outcome)
        {
            // Okta's headers: the limit, what is left of it, and when the window resets (UTC epoch seconds).
            var headers = context.Response.Headers;
            headers["X-Rate-Limit-Limit"] = outcome.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Remaining"] = outcome.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Reset"] = outcome.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }
}
