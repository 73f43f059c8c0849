using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

using Gatehouse.Server.Apps;

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Areas.Admin;

/// <summary>
/// <c>/admin</c> signs in through Gatehouse's own org authorization server, as any Okta-integrated web app does:
/// ASP.NET Core's OpenID Connect handler (code flow, PKCE) with the built-in <see cref="AdminConsoleApp"/> client,
/// and a cookie of its own (<see cref="CookieName"/>), separate from the hosted sign-in page's SSO session.
/// </summary>
internal static class AdminConsoleExtensions
{
    public const string CookieScheme = "GatehouseAdmin";
    public const string OidcScheme = "GatehouseAdminOidc";
    public const string CookieName = "gatehouse_admin";
    public const string Policy = "GatehouseAdmin";
    public const string ForbiddenPath = "/admin/forbidden";

    /// <param name="origin">The org's origin: the org authorization server's issuer.</param>
    /// <param name="caCertificatePath">Gatehouse's local CA when it serves its own certificate; null: the system's trust store only.</param>
    public static IServiceCollection AddGatehouseAdminConsole(this IServiceCollection services, string origin, string? caCertificatePath)
    {
        services.AddScoped<AdminConsoleApp>();
        services.AddScoped<IAuthorizationHandler, AdminRoleHandler>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new AdminRoleRequirement()));
        services.Configure<RazorPagesOptions>(pages =>
        {
            pages.Conventions.AuthorizeAreaFolder("Admin", "/", Policy);
            pages.Conventions.AllowAnonymousToAreaPage("Admin", "/Forbidden");
        });

        services.AddAuthentication()
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.Path = "/admin";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(1);
                cookie.SlidingExpiration = true;
                cookie.ForwardChallenge = OidcScheme;
                cookie.AccessDeniedPath = ForbiddenPath;
            })
            .AddOpenIdConnect(OidcScheme, oidc =>
            {
                oidc.Authority = origin;
                oidc.RequireHttpsMetadata = origin.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                oidc.ClientId = AdminConsoleApp.ClientId;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;
                // The code comes back in the query (same origin): no form_post page, so no script is needed.
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.SignInScheme = CookieScheme;
                oidc.CallbackPath = AdminConsoleApp.CallbackPath;
                oidc.SignedOutCallbackPath = AdminConsoleApp.SignedOutCallbackPath;
                oidc.SignedOutRedirectUri = "/signed-out";
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.Scope.Add("email");
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.CorrelationCookie.Name = CookieName + "_correlation.";
                oidc.NonceCookie.Name = CookieName + "_nonce.";
                oidc.BackchannelHttpHandler = Backchannel(caCertificatePath);
                oidc.Events.OnAuthorizationCodeReceived = async context =>
                {
                    // The secret lives in the store (admins may rotate it through /api/v1); read the current one.
                    var app = context.HttpContext.RequestServices.GetRequiredService<AdminConsoleApp>();
                    context.TokenEndpointRequest!.ClientSecret = await app.CurrentSecretAsync(context.HttpContext.RequestAborted);
                };
                oidc.Events.OnRemoteFailure = context =>
                {
                    // access_denied: the user signed in but is not an admin (the app is assigned to admins only).
                    var denied = context.Failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true;
                    context.Response.Redirect(ForbiddenPath + (denied ? string.Empty : "?reason=signin"));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });

        // Token lifetimes on the server's clock (tests replace TimeProvider), with the handler's default skew.
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<TimeProvider>((oidc, time) =>
            oidc.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                    && expires is not null && expires.Value >= now - parameters.ClockSkew;
            });
        return services;
    }

    /// <summary>The console's own JavaScript and CSS, embedded in the executable (the CSP allows scripts from 'self' only).</summary>
    public static WebApplication MapAdminAssets(this WebApplication app)
    {
        var assembly = typeof(AdminConsoleExtensions).Assembly;
        app.MapGet("/admin/assets/{name}", (string name, HttpContext http) =>
        {
            var contentType = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => null,
            };
            var stream = contentType is null ? null : assembly.GetManifestResourceStream("Gatehouse.Admin." + name);
            if (stream is null)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(stream, contentType);
        });
        return app;
    }

    /// <summary>
    /// The handler's calls to the org server (discovery, keys, token) go to the configured origin over HTTPS. When
    /// Gatehouse serves a certificate from its local CA, that CA is trusted as a root for these calls, with full
    /// chain and host name validation; otherwise the system's trust store decides.
    /// </summary>
    private static SocketsHttpHandler Backchannel(string? caCertificatePath)
    {
        var handler = new SocketsHttpHandler();
        if (caCertificatePath is null)
        {
            return handler;
        }

        var ca = new Lazy<X509Certificate2?>(() => File.Exists(caCertificatePath) ? X509CertificateLoader.LoadCertificateFromFile(caCertificatePath) : null);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || ca.Value is not { } root)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        };
        return handler;
    }
}

internal sealed class AdminRoleRequirement : IAuthorizationRequirement;

/// <summary>Checked on every console request, so taking a user's admin role away ends their console access at once.</summary>
internal sealed class AdminRoleHandler(Storage.GatehouseDbContext database) : AuthorizationHandler<AdminRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRoleRequirement requirement)
    {
        if (context.User.FindFirst("sub")?.Value is { } userId && await AdminConsoleApp.IsAdminAsync(database, userId, CancellationToken.None))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>When the admin last proved who they are (the ID token's <c>auth_time</c>).</summary>
internal static class RecentAuthentication
{
    /// <summary>Revealing or rotating a secret needs a sign-in at most this old.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public static bool IsRecent(System.Security.Claims.ClaimsPrincipal user, TimeProvider time) =>
        user.FindFirst("auth_time")?.Value is { } text
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) <= MaxAge;

    /// <summary>Back to the org server with <c>prompt=login</c> and <c>max_age</c>, then to <paramref name="returnUrl"/>.</summary>
    public static OpenIdConnectChallengeProperties Challenge(string returnUrl) =>
        new() { RedirectUri = returnUrl, Prompt = OpenIdConnectPrompt.Login, MaxAge = MaxAge };
}
