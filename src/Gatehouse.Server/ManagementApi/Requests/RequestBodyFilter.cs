using Gatehouse.Server.Hosting.Errors;

using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Server.ManagementApi.Requests;

/// <summary>
/// Okta's framing rules for <c>/api/v1</c> bodies (okta-reference.md §3): a <c>POST</c> or <c>PUT</c> with no body
/// must still say so with <c>Content-Length: 0</c>, else 411 Length Required (RFC 9110 §15.5.12); a body is JSON
/// only ("send Content-Type: application/json"), else 415 (RFC 9110 §15.5.16). Both in Okta's error shape (E0000003).
/// </summary>
internal sealed class RequestBodyFilter : IEndpointFilter
{
    public const string LengthRequiredCause = "Content-Length: a POST or PUT without a body must send Content-Length: 0";
    public const string MediaTypeCause = "Content-Type: the body must be application/json";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method))
        {
            return next(context);
        }

        // HTTP/1.1 without Content-Length or Transfer-Encoding (RFC 9112 §6.3), or HTTP/2 and 3 with the stream
        // ended on the headers: the request has no body and did not declare its length.
        var canHaveBody = context.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (request.ContentLength is null && !canHaveBody)
        {
            return ValueTask.FromResult<object?>(Error(StatusCodes.Status411LengthRequired, LengthRequiredCause));
        }

        var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && canHaveBody);
        if (hasBody && !IsJson(request.ContentType))
        {
            return ValueTask.FromResult<object?>(Error(StatusCodes.Status415UnsupportedMediaType, MediaTypeCause));
        }

        return next(context);
    }

    /// <summary><c>application/json</c> or a structured <c>+json</c> type (RFC 6839 §3.1), any parameters.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));

    private static JsonHttpResult<OktaError> Error(int status, string cause) =>
        ManagementErrors.Error(status, "E0000003", "The request body was not well-formed.", cause);
}
