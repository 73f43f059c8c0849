using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Server.Protocol.Cors;

/// <summary>CORS for trusted origins with ASP.NET Core's CORS middleware and <see cref="TrustedOriginCorsPolicyProvider"/>.</summary>
internal static class CorsExtensions
{
    public static IServiceCollection AddGatehouseCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<TrustedOriginCache>();
        services.AddSingleton<ICorsPolicyProvider, TrustedOriginCorsPolicyProvider>();
        return services;
    }

    /// <summary>
    /// Before the rate limiter and OpenIddict: preflights are answered here, and a 429 or an OAuth error still
    /// carries the CORS headers so that the app can read it.
    /// </summary>
    public static WebApplication UseGatehouseCors(this WebApplication app)
    {
        var issuers = app.Services.GetRequiredService<IssuerRegistry>();
        app.Use((context, next) =>
        {
            if (TrustedOriginCorsPolicyProvider.IsCorsEndpoint(issuers, context.Request.Path))
            {
                // The answer depends on Origin (allowed or not, and which origin is echoed), JWKS and discovery are
                // cacheable: Vary on every response, with or without Origin, so that no cache serves one origin's
                // answer to another (Fetch §3.2.5, "CORS protocol and HTTP caches"). Registered before the CORS
                // middleware's callback, so it runs after it and sees the Vary it may have added.
                context.Response.OnStarting(() =>
                {
                    var vary = context.Response.Headers.Vary;
                    if (!vary.Any(value => value?.Contains(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase) == true))
                    {
                        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        app.UseCors();
        return app;
    }
}
