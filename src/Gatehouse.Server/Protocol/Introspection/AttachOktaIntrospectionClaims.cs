using Gatehouse.Server.Protocol.TokenClaims;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Introspection;

/// <summary>
/// Okta's introspection response for the client an access token was issued to: <c>scope</c>, <c>username</c> (the
/// login) and <c>uid</c> (okta-reference.md §2). OpenIddict releases these only to a caller in the token's audience
/// (a resource server); the client already received the granted scopes in its token response (RFC 6749 §5.1), and
/// RFC 7662 §2.2 lets the server decide which optional members it returns to an authorized caller.
/// </summary>
internal sealed class AttachOktaIntrospectionClaims : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<AttachOktaIntrospectionClaims>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.GenericTokenPrincipal;
        if (principal is null || !principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
            || string.IsNullOrEmpty(context.Request.ClientId)
            || !string.Equals(context.ClientId, context.Request.ClientId, StringComparison.Ordinal))
        {
            return ValueTask.CompletedTask;
        }

        context.Scopes.UnionWith(principal.GetScopes());
        if (principal.GetClaim(OktaClaimTypes.UserId) is { } userId)
        {
            // A user's access token: sub is the login (ShapeOktaTokenClaims). Client credentials tokens have no user.
            context.Username = principal.GetClaim(Claims.Subject);
            context.Claims[OktaClaimTypes.UserId] = userId;
        }

        return ValueTask.CompletedTask;
    }
}
