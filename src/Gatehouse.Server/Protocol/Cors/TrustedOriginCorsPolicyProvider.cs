using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

using OpenIddict.Server;

namespace Gatehouse.Server.Protocol.Cors;

/// <summary>
/// The CORS policy of ASP.NET Core's CORS middleware, as Okta applies it: only the endpoints a browser app calls with
/// fetch (token, userinfo, keys, revoke, introspect, logout, discovery) of every authorization server, and only for
/// ACTIVE trusted origins with the CORS scope. Authorize and the sign-in page are navigations, not CORS requests.
/// </summary>
internal sealed class TrustedOriginCorsPolicyProvider(IssuerRegistry issuers, TrustedOriginCache cache) : ICorsPolicyProvider
{
    /// <summary>
    /// Browsers cap this anyway (Chromium at 2 h); short, because a preflight cached by a browser outlives a
    /// deactivated origin (Fetch §4.8, CORS-preflight cache). The actual response is still checked every time.
    /// </summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What SPAs send: Authorization (userinfo's bearer token, client_secret_basic), Content-Type (the form body is
    /// CORS-safelisted, but JSON-minded clients set it anyway), and okta-auth-js's X-Okta-User-Agent-Extended.
    /// </summary>
    public static readonly string[] AllowedHeaders =
        [HeaderNames.Accept, HeaderNames.Authorization, HeaderNames.ContentType, "X-Okta-User-Agent-Extended", HeaderNames.XRequestedWith];

    public static bool IsCorsEndpoint(IssuerRegistry issuers, PathString path) =>
        issuers.TryResolve(path.Value ?? string.Empty, out _, out var endpoint) && endpoint is OpenIddictServerEndpointType.Token
            or OpenIddictServerEndpointType.UserInfo or OpenIddictServerEndpointType.JsonWebKeySet or OpenIddictServerEndpointType.Revocation
            or OpenIddictServerEndpointType.Introspection or OpenIddictServerEndpointType.EndSession or OpenIddictServerEndpointType.Configuration;

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsCorsEndpoint(issuers, context.Request.Path))
        {
            return null;
        }

        var origins = await cache.GetCorsOriginsAsync(context.RequestAborted);
        // The origin is echoed, never "*": with credentials "*" is refused by browsers (Fetch §3.2.5), and listing
        // origins keeps untrusted ones from reading anything. WWW-Authenticate is exposed because it is not a
        // CORS-safelisted response header (Fetch §3.2.6) and carries userinfo's invalid_token/insufficient_scope.
        return new CorsPolicyBuilder()
            .SetIsOriginAllowed(origins.Contains)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(HeaderNames.WWWAuthenticate)
            .AllowCredentials()
            .SetPreflightMaxAge(PreflightMaxAge)
            .Build();
    }
}
