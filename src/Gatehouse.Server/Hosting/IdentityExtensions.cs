using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;

using SessionClaimTypes = OpenIddict.Abstractions.OpenIddictConstants.Claims;

namespace Gatehouse.Server.Hosting;

internal static class IdentityExtensions
{
    /// <summary>The name of Gatehouse's SSO session cookie (its own name: apps on other ports share cookie jars).</summary>
    public const string SessionCookieName = "gatehouse_session";

    public static IServiceCollection AddGatehouseIdentity(this IServiceCollection services, GatehouseOptions options)
    {
        services.AddIdentity<GatehouseUser, IdentityRole>(identity =>
            {
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = options.LockoutMaxFailedAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = options.LockoutDuration;
                identity.User.RequireUniqueEmail = false;
                identity.User.AllowedUserNameCharacters += "+";
                identity.SignIn.RequireConfirmedAccount = false;

                PasswordPolicy.Configure(identity.Password);
                identity.Tokens.PasswordResetTokenProvider = ResetPasswordTokenProvider.Name;
            })
            .AddEntityFrameworkStores<GatehouseDbContext>()
            .AddUserStore<GatehouseUserStore>()
            .AddUserManager<GatehouseUserManager>()
            .AddGatehousePasswordPolicy()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ResetPasswordTokenProvider>(ResetPasswordTokenProvider.Name);

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = SessionCookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/error";
            // Okta's default global session policy: 2 hours.
            cookie.ExpireTimeSpan = TimeSpan.FromHours(2);
            cookie.SlidingExpiration = true;
        });
        // Identity re-creates the session principal when it re-validates the security stamp; keep auth_time.
        services.Configure<SecurityStampValidatorOptions>(validator =>
        {
            // Every request with the SSO cookie checks the security stamp (default: every 30 minutes), so that
            // suspending or deactivating a user, a new password and DELETE /api/v1/users/{id}/sessions end the
            // user's sessions at once, as Okta's do. Only the sign-in and authorize pages read the cookie.
            validator.ValidationInterval = TimeSpan.Zero;
            validator.OnRefreshingPrincipal = OnRefreshingPrincipal;
        });
        services.ConfigureExternalCookie(cookie => cookie.Cookie.Name = "gatehouse_external");
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "gatehouse_csrf";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.FormFieldName = "__csrf";
        });
        return services;
    }

    private static Task OnRefreshingPrincipal(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(SessionClaimTypes.AuthenticationTime) is { } authTime
            && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.AddClaim(authTime);
        }

        return Task.CompletedTask;
    }
}
