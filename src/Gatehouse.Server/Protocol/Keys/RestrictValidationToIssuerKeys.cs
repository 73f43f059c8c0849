using Gatehouse.Server.Protocol.Issuers;

using Microsoft.IdentityModel.Tokens;

using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// A token presented to an authorization server validates only against that server's keys and issuer: a token from
/// another issuer is rejected at userinfo, introspection and the token endpoint. Retired keys stay here after they
/// left JWKS, as long as a refresh token or code they signed may be alive (<see cref="SigningKeyLifecycle"/>).
/// </summary>
internal sealed class RestrictValidationToIssuerKeys(KeyRing keyRing) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<RestrictValidationToIssuerKeys>()
            .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.BuiltIn)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Client assertions are signed by the client's own keys, not the server's.
        if (context.ValidTokenTypes.Count == 1 && context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
        {
            return ValueTask.CompletedTask;
        }

        var issuer = context.Transaction.GetIssuer();
        var keys = keyRing.GetValidationKeys(issuer.KeyId).Select(key => key.PrivateKey).ToList<SecurityKey>();
        // Codes and refresh tokens are MAC'd with the server's internal key (those issued before it, with its RSA key);
        // the internal key is offered only where such a token may be presented, never for access or ID tokens.
        if (context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.AuthorizationCode) || context.ValidTokenTypes.Contains(TokenTypeIdentifiers.RefreshToken))
        {
            keys.Add(keyRing.GetInternalTokenCredentials(issuer.KeyId).Key);
        }

        context.TokenValidationParameters.IssuerSigningKeys = keys;
        context.TokenValidationParameters.ValidIssuers = [issuer.Name];
        context.TokenValidationParameters.ValidateIssuer = true;
        return ValueTask.CompletedTask;
    }
}
