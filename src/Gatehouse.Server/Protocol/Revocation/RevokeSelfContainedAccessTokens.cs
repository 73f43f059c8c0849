using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace Gatehouse.Server.Protocol.Revocation;

/// <summary>
/// Replaces OpenIddict's <c>RevokeToken</c> (same filter and order, so its request validation and authorized-party
/// rules have run): an access token without an entry (docs/decisions/0013-self-contained-access-tokens.md) is revoked
/// by adding its <c>jti</c> to <see cref="RevokedAccessTokenList"/> until it expires, where OpenIddict would answer
/// <c>unsupported_token_type</c>; Okta answers 200 (RFC 7009 §2.2). Every other token is revoked by OpenIddict's
/// handler, as before.
/// </summary>
internal sealed class RevokeSelfContainedAccessTokens(RevokedAccessTokenList revoked, IOpenIddictTokenManager tokens)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseScopedHandler<RevokeSelfContainedAccessTokens>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private readonly OpenIddictServerHandlers.Revocation.RevokeToken revokeEntry = new(tokens);

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.GenericTokenPrincipal;
        if (!RevokedAccessTokenList.IsSelfContainedAccessToken(principal))
        {
            await revokeEntry.HandleAsync(context);
            return;
        }

        if (principal.GetClaim(Claims.JwtId) is not { Length: > 0 } tokenId || principal.GetExpirationDate() is not { } expiresAt)
        {
            context.Reject(Errors.UnsupportedTokenType, "The specified token cannot be revoked.");
            return;
        }

        await revoked.AddAsync(tokenId, expiresAt, context.CancellationToken);
    }
}
