using Gatehouse.Server.Protocol.Issuers;

using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// Every token is signed with a key of the authorization server that issues it, so a token from one issuer never
/// validates at another: ID and access tokens with the server's active RS256 key (published in its JWKS), the
/// payloads of codes and refresh tokens with the server's internal HMAC key (<see cref="KeyRing.GetInternalTokenCredentials"/>).
/// </summary>
internal sealed class UseIssuerSigningKey(KeyRing keyRing) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<UseIssuerSigningKey>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.BuiltIn)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var serverId = context.Transaction.GetIssuer().KeyId;
        // Codes' and refresh tokens' payloads are only ever read back by Gatehouse: a MAC suffices (KeyRing).
        context.SigningCredentials = context.TokenType is TokenTypeIdentifiers.Private.AuthorizationCode or TokenTypeIdentifiers.RefreshToken
            ? keyRing.GetInternalTokenCredentials(serverId)
            : keyRing.GetActiveSigningKey(serverId).Credentials;
        return ValueTask.CompletedTask;
    }
}
