using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Stores no database entry for ID tokens. An entry exists so that a token can be revoked, introspected or redeemed
/// once; an ID token is none of these — it is not a credential (OpenID Connect Core §2: it asserts an authentication
/// to the client), Okta's revocation and introspection serve access and refresh tokens, and an
/// <c>id_token_hint</c> is accepted even expired, on its signature alone. Without an entry the token carries no
/// token id, so OpenIddict never looks one up. Saves one insert per sign-in and per refresh (docs/performance.md).
/// </summary>
internal sealed class SkipIdentityTokenEntries : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SkipIdentityTokenEntries>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenType is TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
        }

        return ValueTask.CompletedTask;
    }
}
