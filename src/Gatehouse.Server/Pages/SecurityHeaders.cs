using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Server.Pages;

/// <summary>
/// Headers on every response (pages, protocol endpoints, error pages). The CSP allows no script but OpenIddict's
/// form_post auto-submit script, by hash, and no inline style but the layout's, by a per-response nonce.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The one inline script of OpenIddict's form_post response page
    /// (OpenIddictServerAspNetCoreHandlers.ProcessFormPostResponse writes <c>&lt;script&gt;document.form.submit();&lt;/script&gt;</c>).
    /// </summary>
    public const string FormPostScript = "document.form.submit();";

    public static readonly string FormPostScriptSource = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(FormPostScript))) + "'";

    private static readonly object NonceKey = new();

    /// <summary>The nonce of this response's CSP, for the layout's <c>&lt;style&gt;</c>.</summary>
    public static string StyleNonce(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders has not run for this request.");
    }

    /// <summary>After the exception and status-code handlers, so that their re-executed error pages get the headers too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // Hex: a valid CSP base64-value with no '+', '/' or '=' that HTML encoding would rewrite in the attribute.
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            // No form-action: the sign-in form's POST redirects on to the client, and the form_post page posts to
            // a client's redirect URI; browsers apply form-action to both.
            // The admin console loads its own script and stylesheet from /admin/assets: still no inline script or style.
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/admin")
                ? "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                    + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
                // The hosted pages load the org's brand (logo, theme, custom CSS) from this origin only. An admin's
                // custom CSS can select on attributes (input[value^=a]) and load a url() per match: with images,
                // fonts and styles kept to 'self', no such request can carry the CSRF token or a typed username
                // to another origin.
                : $"default-src 'self'; script-src {FormPostScriptSource}; style-src 'self' 'nonce-{nonce}'; "
                    + "img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
            // RFC 9700 §4.16 (clickjacking): no Gatehouse page may be framed; X-Frame-Options for older browsers.
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        return app;
    }
}
