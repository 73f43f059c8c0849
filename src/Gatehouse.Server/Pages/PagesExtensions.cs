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
        app.MapRazorPages();
        return app;
    }
}
