using Gatehouse.Server.Protocol.Issuers;

using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// Replaces OpenIddict's <c>AttachSigningKeys</c>: the JWKS of an authorization server publishes that server's
/// public keys only (okta-reference.md §2: each server has its own keys), never the global placeholder key: the
/// next key before it signs and a retired key until its tokens expired (<see cref="SigningKeyLifecycle"/>).
/// </summary>
internal sealed class AttachIssuerSigningKeys(KeyRing keyRing) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
            .UseSingletonHandler<AttachIssuerSigningKeys>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.BuiltIn)
            .Build();

    public ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issuer = context.Transaction.GetIssuer();
        context.Keys.Clear();
        foreach (var key in keyRing.GetPublishedKeys(issuer.KeyId))
        {
            context.Keys.Add(key.ToPublicJsonWebKey());
        }

        return ValueTask.CompletedTask;
    }
}
