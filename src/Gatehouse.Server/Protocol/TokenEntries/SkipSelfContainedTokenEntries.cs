using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Stores no database entry for ID and access tokens: both are signed JWTs whose content is all a validator needs,
/// as Okta's are. An entry exists so that a token can be redeemed once or revoked; an ID token is neither (OpenID
/// Connect Core §2: it asserts an authentication to the client, and an <c>id_token_hint</c> is accepted even expired,
/// on its signature alone). An access token can still be revoked without one
/// (docs/decisions/0013-self-contained-access-tokens.md): with its authorization, whose id it carries
/// (<see cref="Revocation.ValidateSelfContainedAccessTokens"/>), or alone at <c>/revoke</c>
/// (<see cref="Revocation.RevokedAccessTokenList"/>). Without an entry the token carries no token id, so OpenIddict
/// never looks one up. Saves one insert per token grant (docs/performance.md).
/// </summary>
internal sealed class SkipSelfContainedTokenEntries : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SkipSelfContainedTokenEntries>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenType is TokenTypeIdentifiers.IdentityToken or TokenTypeIdentifiers.AccessToken)
        {
            context.CreateTokenEntry = false;
        }

        return ValueTask.CompletedTask;
    }
}
