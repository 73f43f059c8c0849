namespace Gatehouse.Server.Branding;

/// <summary>
/// The brand's files, served from Gatehouse's own origin (the hosted pages' CSP allows images, fonts and styles from
/// 'self' only). Each URL carries a content hash (or, for the theme, the colour itself), so each may be cached for a
/// year: a change makes a new URL.
/// </summary>
internal static class BrandEndpoints
{
    private const string Immutable = "public, max-age=31536000, immutable";

    public static IServiceCollection AddGatehouseBranding(this IServiceCollection services) =>
        services.AddScoped<BrandService>();

    public static WebApplication MapGatehouseBranding(this WebApplication app)
    {
        app.MapGet("/brand/logo/{hash}", async (string hash, BrandService brands, HttpContext http) =>
        {
            if (await brands.GetLogoAsync(hash, http.RequestAborted) is not { } logo)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = Immutable;
            return Results.File(logo.Content, logo.ContentType);
        });

        app.MapGet("/brand/css/{hash}.css", async (string hash, BrandService brands, HttpContext http) =>
        {
            if (await brands.GetCustomCssAsync(hash, http.RequestAborted) is not { } css)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = Immutable;
            return Results.Text(css, "text/css; charset=utf-8");
        });

        // The colour is the URL: six hex digits, checked again here, so nothing else can reach the stylesheet.
        app.MapGet("/brand/theme/{color}.css", (string color, HttpContext http) =>
        {
            if (!BrandRules.IsHexColor("#" + color))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = Immutable;
            return Results.Text($":root {{ --brand-primary: #{color.ToLowerInvariant()}; }}\n", "text/css; charset=utf-8");
        });
        return app;
    }
}
