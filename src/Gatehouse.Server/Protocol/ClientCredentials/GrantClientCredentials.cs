using System.Security.Claims;

using Gatehouse.Server.Protocol.Issuers;

using Microsoft.IdentityModel.Tokens;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.ClientCredentials;

/// <summary>
/// The client credentials grant (RFC 6749 §4.4) for service apps on custom authorization servers. OpenIddict has
/// authenticated the client and checked its grant and scope permissions; this adds Okta's rules: custom servers
/// only, at least one scope, and only scopes this server declares.
/// </summary>
internal sealed class GrantClientCredentials : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<GrantClientCredentials>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return ValueTask.CompletedTask;
        }

        var issuer = context.Transaction.GetIssuer();
        if (issuer.IsOrgServer)
        {
            context.Reject(Errors.UnsupportedGrantType, "Client Credentials requests to the Org Authorization Server are not supported; use a custom authorization server.");
            return ValueTask.CompletedTask;
        }

        var scopes = context.Request.GetScopes();
        if (scopes.IsEmpty)
        {
            context.Reject(Errors.InvalidScope, "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
            return ValueTask.CompletedTask;
        }

        if (scopes.FirstOrDefault(scope => !issuer.CustomScopes.Contains(scope)) is { } unknown)
        {
            context.Reject(Errors.InvalidScope, $"One or more scopes are not configured for the authorization server resource: '{unknown}'.");
            return ValueTask.CompletedTask;
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, context.ClientId);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(issuer.Audience);
        principal.SetDestinations(static _ => [Destinations.AccessToken]);
        context.SignIn(principal);
        return ValueTask.CompletedTask;
    }
}
