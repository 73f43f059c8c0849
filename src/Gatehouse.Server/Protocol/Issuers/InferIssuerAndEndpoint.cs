using Microsoft.AspNetCore;

using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Issuers;

/// <summary>
/// Replaces OpenIddict's <c>InferEndpointType</c>, which matches fixed URIs only: picks the authorization server
/// from the path (Okta's layout), sets <c>BaseUri</c> to its issuer so that OpenIddict uses it everywhere (discovery,
/// <c>iss</c>, RFC 9207 <c>iss</c> parameter, token validation), and remembers the server for later handlers.
/// An unregistered server or endpoint stays unknown and ends as a 404.
/// </summary>
internal sealed class InferIssuerAndEndpoint(IssuerRegistry registry) : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<InferIssuerAndEndpoint>()
            .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.BuiltIn)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Transaction.GetHttpRequest();
        if (request is null || !registry.TryResolve(request.Path.Value ?? string.Empty, out var issuer, out var endpoint))
        {
            context.EndpointType = OpenIddictServerEndpointType.Unknown;
            return ValueTask.CompletedTask;
        }

        context.BaseUri = issuer.IssuerUri;
        context.EndpointType = endpoint;
        context.Transaction.SetIssuer(issuer);
        return ValueTask.CompletedTask;
    }
}
