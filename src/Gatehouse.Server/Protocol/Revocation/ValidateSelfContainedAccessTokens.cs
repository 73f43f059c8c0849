using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Revocation;

/// <summary>
/// What OpenIddict's <c>ValidateTokenEntry</c> checks for a token with an entry, for an access token without one
/// (docs/decisions/0013-self-contained-access-tokens.md), wherever Gatehouse validates its own access tokens (userinfo,
/// introspection, revocation):
/// <list type="bullet">
/// <item>its authorization: the token carries the authorization's id, which OpenIddict otherwise restores from the
/// entry; resolved here, OpenIddict's <c>ValidateAuthorizationEntry</c> (next) refuses the token once the
/// authorization is revoked — a replayed code or a reused refresh token revokes it (RFC 6749 §4.1.2, RFC 9700
/// §4.14.2; <see cref="TokenEntries.GatehouseTokenStore.RevokeByAuthorizationIdAsync"/>);</item>
/// <item>its own revocation at <c>/revoke</c> (<see cref="RevokedAccessTokenList"/>).</item>
/// </list>
/// Tokens issued with an entry (before this change) still go through OpenIddict's entry checks: they carry a token id.
/// </summary>
internal sealed class ValidateSelfContainedAccessTokens(RevokedAccessTokenList revoked) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseScopedHandler<ValidateSelfContainedAccessTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        if (!RevokedAccessTokenList.IsSelfContainedAccessToken(principal))
        {
            return;
        }

        if (string.IsNullOrEmpty(context.AuthorizationId) && principal.GetAuthorizationId() is { Length: > 0 } authorizationId)
        {
            context.AuthorizationId = authorizationId;
        }

        if (principal.GetClaim(Claims.JwtId) is not { Length: > 0 } tokenId || await revoked.ContainsAsync(tokenId, context.CancellationToken))
        {
            context.Reject(Errors.InvalidToken, "The specified token is no longer valid.");
        }
    }
}
