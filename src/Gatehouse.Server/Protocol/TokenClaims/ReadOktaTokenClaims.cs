using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.TokenClaims;

/// <summary>
/// The reverse of <see cref="ShapeOktaTokenClaims"/> when Gatehouse reads back its own access tokens (userinfo,
/// introspection, revocation): <c>scp</c> and <c>cid</c> become the <c>scope</c> and <c>client_id</c> claims that
/// OpenIddict's validation understands.
/// </summary>
internal sealed class ReadOktaTokenClaims : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<ReadOktaTokenClaims>()
            .SetOrder(OpenIddictServerHandlers.Protection.NormalizeScopeClaims.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        if (principal is null)
        {
            return ValueTask.CompletedTask;
        }

        var scopes = principal.GetClaims(OktaClaimTypes.Scopes);
        if (!scopes.IsEmpty && !principal.HasClaim(Claims.Scope))
        {
            principal.SetClaim(Claims.Scope, string.Join(' ', scopes));
        }

        if (principal.GetClaim(OktaClaimTypes.ClientId) is { } clientId && !principal.HasClaim(Claims.ClientId))
        {
            principal.SetClaim(Claims.ClientId, clientId);
        }

        return ValueTask.CompletedTask;
    }
}
