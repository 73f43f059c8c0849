using Gatehouse.Server.Protocol.Issuers;

using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// Every token (ID and access tokens, and the payloads of codes and refresh tokens) is signed with the active key
/// of the authorization server that issues it, so a token from one issuer never validates at another.
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
        context.SigningCredentials = keyRing.GetActiveSigningKey(context.Transaction.GetIssuer().KeyId).Credentials;
        return ValueTask.CompletedTask;
    }
}
