using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Authorize;

/// <summary>
/// Okta requires <c>state</c> on every authorization request (okta-reference.md §2). Runs after the client and
/// its redirect URI are verified, so the error goes back to the client, never to an unverified URI.
/// </summary>
internal sealed class RequireState : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RequireState>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateAuthorizedParty.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.Request.State))
        {
            context.Reject(Errors.InvalidRequest, "The 'state' parameter is required for authorization requests.");
        }

        return ValueTask.CompletedTask;
    }
}
