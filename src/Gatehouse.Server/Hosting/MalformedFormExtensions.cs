using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Server.Hosting;

/// <summary>
/// Every Gatehouse endpoint that takes a body takes <c>application/x-www-form-urlencoded</c> (RFC 6749 §3.2, §4.1.3;
/// RFC 7662 §2.1; RFC 7009 §2.1; OIDC Core §3.1.2.1). ASP.NET Core's form reader throws on a body that is not a
/// valid form (a NUL byte, a key over the length limit, a broken multipart body) and neither OpenIddict nor Razor
/// Pages catch it, so such a request was answered 500. Here a malformed form counts as a form without parameters:
/// each endpoint then rejects it as it rejects any request missing its parameters (RFC 6749 §5.2
/// <c>invalid_request</c> from OpenIddict, Gatehouse's error page, a failed antiforgery check).
/// </summary>
internal static partial class MalformedFormExtensions
{
    public static IApplicationBuilder UseMalformedFormsAsEmpty(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MalformedFormExtensions));
        return app.Use(async (context, next) =>
        {
            if (context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (Exception exception) when (exception is InvalidDataException
                    // A multipart body that ends before its closing boundary (RFC 2046 §5.1.1): the multipart reader
                    // throws IOException. Kestrel's own body errors (BadHttpRequestException) keep their status.
                    || (exception is IOException and not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested))
                {
                    LogMalformedForm(logger, context.Request.Path, exception.Message);
                    context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                }
            }

            await next(context);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Malformed form body on {Path} treated as empty: {Reason}")]
    private static partial void LogMalformedForm(ILogger logger, PathString path, string reason);
}
