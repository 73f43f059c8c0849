using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Issuers;

/// <summary>
/// Discovery advertises only what this authorization server does: its custom scopes, and client credentials only
/// on custom servers (clients such as ASP.NET Core's handler act on what is advertised).
/// </summary>
internal sealed class AdvertiseImplementedFeatures : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AdvertiseImplementedFeatures>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachAdditionalMetadata.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issuer = context.Transaction.GetIssuer();
        context.Scopes.UnionWith(issuer.CustomScopes);
        if (issuer.IsOrgServer)
        {
            context.GrantTypes.Remove(GrantTypes.ClientCredentials);
        }

        return ValueTask.CompletedTask;
    }
}
