using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Issuers;

/// <summary>
/// Discovery lists this authorization server's own endpoints (OpenIddict's <c>AttachEndpoints</c> fills only what is
/// still empty, from one fixed layout). The org server also has a registration-free layout under <c>/oauth2/v1</c>.
/// </summary>
internal sealed class AttachIssuerEndpoints : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachIssuerEndpoints>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachEndpoints.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.BuiltIn)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issuer = context.Transaction.GetIssuer();
        context.AuthorizationEndpoint = issuer.EndpointUri(IssuerEndpoints.Authorize);
        context.TokenEndpoint = issuer.EndpointUri(IssuerEndpoints.Token);
        context.UserInfoEndpoint = issuer.EndpointUri(IssuerEndpoints.UserInfo);
        context.JsonWebKeySetEndpoint = issuer.EndpointUri(IssuerEndpoints.Keys);
        context.EndSessionEndpoint = issuer.EndpointUri(IssuerEndpoints.Logout);
        context.IntrospectionEndpoint = issuer.EndpointUri(IssuerEndpoints.Introspect);
        context.RevocationEndpoint = issuer.EndpointUri(IssuerEndpoints.Revoke);

        // The issuer exactly as in tokens: "https://host" for the org server, with no trailing slash.
        context.Metadata["issuer"] = issuer.Name;
        return ValueTask.CompletedTask;
    }
}
