using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Authorize;

/// <summary>
/// Request objects are not supported (discovery: <c>request_parameter_supported</c> and
/// <c>request_uri_parameter_supported</c> are false; no PAR endpoint). OpenIddict rejects <c>request</c> and
/// <c>request_uri</c> before the client is known, which shows the error on Gatehouse. OIDC Core §3.1.2.6 defines
/// <c>request_not_supported</c> / <c>request_uri_not_supported</c> as authentication error responses, and
/// RFC 6749 §4.1.2.1 sends those to the client once its redirect URI is verified, so this rejection runs right
/// after that verification (ReturnErrorsToVerifiedRedirectUri), in place of OpenIddict's early handlers.
/// </summary>
internal sealed class RejectRequestObjects : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RejectRequestObjects>()
            .SetOrder(ReturnErrorsToVerifiedRedirectUri.RememberDescriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(context.Request.Request))
        {
            context.Reject(Errors.RequestNotSupported, "The 'request' parameter is not supported.");
        }
        else if (!string.IsNullOrEmpty(context.Request.RequestUri))
        {
            context.Reject(Errors.RequestUriNotSupported, "The 'request_uri' parameter is not supported.");
        }

        return ValueTask.CompletedTask;
    }
}
