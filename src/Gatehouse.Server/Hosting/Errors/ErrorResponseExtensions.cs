using System.Text.Json;

using Microsoft.AspNetCore.Diagnostics;

namespace Gatehouse.Server.Hosting.Errors;

/// <summary>
/// Empty error responses get a body in the caller's language: protocol and API paths (read by programs) get Okta's
/// JSON error shape, pages (read by people) get Gatehouse's HTML error page. Never a stack trace.
/// </summary>
internal static class ErrorResponseExtensions
{
    public static WebApplication UseGatehouseErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler("/error");
        // The management API answers an unhandled exception with Okta's E0000009 and no details, never a page.
        app.UseWhen(context => IsManagementApiPath(context.Request.Path), api => api.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return WriteAsync(context, OktaError.Create("E0000009", "Internal Server Error"));
            },
        }));
        app.UseWhen(context => IsApiPath(context.Request.Path), api => api.UseStatusCodePages(WriteOktaErrorAsync));
        app.UseWhen(context => !IsApiPath(context.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/error", "?status={0}"));
        return app;
    }

    public static bool IsManagementApiPath(PathString path) => path.StartsWithSegments("/api/v1");

    private static bool IsApiPath(PathString path) =>
        (path.StartsWithSegments("/oauth2") && !path.Value!.EndsWith("/authorize", StringComparison.Ordinal) && !path.Value.EndsWith("/logout", StringComparison.Ordinal))
        || path.StartsWithSegments("/.well-known")
        || path.StartsWithSegments("/api");

    /// <summary>okta-reference.md §3: <c>{errorCode, errorSummary, errorLink, errorId, errorCauses}</c>.</summary>
    private static Task WriteOktaErrorAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var managementApi = IsManagementApiPath(http.Request.Path);
        var (code, summary) = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound when managementApi => ("E0000007", $"Not found: Resource not found: {http.Request.Path} (Resource)"),
            StatusCodes.Status404NotFound => ("E0000007", $"Not found: Resource not found: {http.Request.Path} (AuthorizationServer)"),
            StatusCodes.Status405MethodNotAllowed => ("E0000022", "The endpoint does not support the provided HTTP method"),
            // A body ASP.NET Core could not read (a bad Content-Length, an unsupported media type…).
            StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType when managementApi => ("E0000003", "The request body was not well-formed."),
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => (string.Empty, string.Empty),
            _ => ("E0000009", "Internal Server Error"),
        };
        if (code.Length == 0)
        {
            // OAuth endpoints answer 401/403 with a WWW-Authenticate challenge and no body (RFC 6750 §3).
            return Task.CompletedTask;
        }

        return WriteAsync(http, OktaError.Create(code, summary));
    }

    private static Task WriteAsync(HttpContext http, OktaError error)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(error));
    }
}
