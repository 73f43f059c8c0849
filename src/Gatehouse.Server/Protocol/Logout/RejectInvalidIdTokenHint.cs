using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Logout;

/// <summary>
/// OpenIddict ignores an invalid <c>id_token_hint</c> at end-session; Okta shows an error instead. A forged or
/// foreign hint must never lead to a redirect (conformance: rp-initiated-logout-bad/modified-id-token-hint).
/// Lifetime validation stays off there, so a validly signed but expired hint is still accepted.
/// </summary>
internal sealed class RejectInvalidIdTokenHint : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<RejectInvalidIdTokenHint>()
            .SetOrder(OpenIddictServerHandlers.EvaluateValidatedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType == OpenIddictServerEndpointType.EndSession)
        {
            context.RejectIdentityToken = true;
        }

        return ValueTask.CompletedTask;
    }
}
