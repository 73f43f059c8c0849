using System.Security.Claims;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

using QuickstartWebApp.Authentication;

var builder = WebApplication.CreateBuilder(args);

// The guide's appsettings.json "Okta" node. Nothing below knows which server it talks to: pointing the app at an
// Okta org means changing only appsettings.json.
var okta = OktaSettings.Load(builder.Configuration);

// Optional: a PEM file of certificate authorities to trust, instead of the system store, for the calls the app
// makes to the authorization server (discovery, keys, token, userinfo). Empty means the system trust store.
var caCertificatePath = builder.Configuration["Backchannel:CaCertificatePath"];

builder.Services
    .AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie(options =>
    {
        // The identity provider may run on the same host name (another port): cookies are not isolated by port,
        // so every cookie of this app has its own name.
        options.Cookie.Name = "QuickstartWebApp.Session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        // Renews the saved access token with the refresh token once it has expired (Okta's
        // docs/refresh-token-aspnetcore.md: OnValidatePrincipal and the token endpoint).
        options.Events.OnValidatePrincipal = AccessTokenRenewal.RenewIfExpiredAsync;
    })
    .AddOpenIdConnect(options =>
    {
        // What Okta.AspNetCore's AddOktaMvc configures (OpenIdConnectOptionsHelper).
        options.Authority = okta.Issuer;
        options.ClientId = okta.ClientId;
        options.ClientSecret = okta.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.CallbackPath = "/authorization-code/callback";
        options.SignedOutCallbackPath = "/signout/callback";
        options.SaveTokens = true;
        options.UseTokenLifetime = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = true;

        options.Scope.Clear();
        foreach (var scope in (string[])["openid", "profile", "email", "offline_access"])
        {
            options.Scope.Add(scope);
        }

        options.TokenValidationParameters.ValidIssuer = okta.Issuer;
        options.TokenValidationParameters.ValidAudience = okta.ClientId;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
        options.TokenValidationParameters.RequireSignedTokens = true;
        options.TokenValidationParameters.RequireExpirationTime = true;

        options.ClaimActions.Add(new MapAllClaimsAction());
        options.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
        options.ClaimActions.MapJsonKey(ClaimTypes.GivenName, "given_name");
        options.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        options.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "sub");
        options.ClaimActions.MapJsonKey(ClaimTypes.Surname, "family_name");

        options.CorrelationCookie.Name = "QuickstartWebApp.Correlation.";
        options.NonceCookie.Name = "QuickstartWebApp.Nonce.";

        if (!string.IsNullOrWhiteSpace(caCertificatePath))
        {
            options.BackchannelHttpHandler = TrustedCertificateAuthorities.CreateHandler(
                Path.GetFullPath(caCertificatePath, builder.Environment.ContentRootPath));
        }

        // A sign-in that fails at the identity provider or on the way back (access denied, lost correlation
        // cookie, ...) ends on a page of this app instead of an unhandled exception.
        options.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect("/Account/SignInFailed?message=" + Uri.EscapeDataString(context.Failure?.Message ?? "unknown error"));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    });

builder.Services.AddAntiforgery(options => options.Cookie.Name = "QuickstartWebApp.Antiforgery");
builder.Services.AddControllersWithViews(options =>
{
    // The guide's "Require authentication for everything": a global AuthorizeFilter. Pages marked
    // [AllowAnonymous] stay public.
    if (builder.Configuration.GetValue<bool>("RequireAuthenticationEverywhere"))
    {
        options.Filters.Add(new AuthorizeFilter(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build()));
    }

    options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
});

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Home/Error");
    app.UseHsts();
}

app.UseHttpsRedirection();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapControllerRoute(name: "default", pattern: "{controller=Home}/{action=Index}/{id?}");

await app.RunAsync();
