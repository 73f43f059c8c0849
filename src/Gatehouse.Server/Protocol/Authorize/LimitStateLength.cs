using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Authorize;

/// <summary>
/// <c>state</c> travels through the sign-in page's return URL and back in the redirect to the client, so an
/// oversized one would end in a failed redirect (header and request-line limits) instead of an OAuth error. RFC
/// 6749 sets no limit; 4096 characters leaves room for ASP.NET Core's protected state (Connect2id's defaults: 1024
/// for query, 8192 for form_post). Rejected before the redirect URI is verified: a local error, so the oversized
/// value is never echoed.
/// </summary>
internal sealed class LimitStateLength : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public const int MaxLength = 4096;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<LimitStateLength>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientIdParameter.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.State is { Length: > MaxLength })
        {
            context.Reject(Errors.InvalidRequest, $"The 'state' parameter must not exceed {MaxLength} characters.");
        }

        return ValueTask.CompletedTask;
    }
}
