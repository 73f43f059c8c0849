using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Gatehouse.Server.Pages;

internal static class PagesExtensions
{
    public static IServiceCollection AddGatehousePages(this IServiceCollection services)
    {
        services.AddRazorPages(pages =>
        {
            // Okta's layout: the org server under /oauth2/v1, custom servers under /oauth2/{id}/v1.
            pages.Conventions.AddPageRoute("/Authorize/Index", "/oauth2/{authorizationServerId}/v1/authorize");
            pages.Conventions.AddPageRoute("/Logout/Index", "/oauth2/{authorizationServerId}/v1/logout");
        }).AddMvcOptions(mvc =>
        {
            // No page binds jQuery-style keys (a[b]); their parser throws on a key like "a[" and turned a hostile
            // request into a 500 (found by the fuzz tests).
            mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            mvc.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });
        return services;
    }

    public static WebApplication MapGatehousePages(this WebApplication app)
    {
        // RFC 9700 §4.16 (clickjacking): no Gatehouse page may be framed.
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.MapRazorPages();
        return app;
    }
}
