using System.Security.Claims;

using Gatehouse.Core.Identifiers;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.TokenClaims;

/// <summary>
/// Gives ID and access tokens Okta's shape (okta-reference.md §2), just before the JWT is written:
/// <c>ver: 1</c>, <c>jti</c> prefixed <c>ID.</c>/<c>AT.</c>, <c>groups</c> always an array; in access tokens <c>scp</c> as an array instead of
/// <c>scope</c>, <c>cid</c> instead of <c>client_id</c>, <c>uid</c> (user id) and <c>sub</c> the user's login.
/// </summary>
internal sealed class ShapeOktaTokenClaims : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<ShapeOktaTokenClaims>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachTokenMetadata.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var descriptor = context.SecurityTokenDescriptor;
        if (context.TokenType is not (TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken) || descriptor.Subject is not { } subject)
        {
            return ValueTask.CompletedTask;
        }

        var claims = descriptor.Claims ??= new Dictionary<string, object>(StringComparer.Ordinal);
        claims[OktaClaimTypes.Version] = 1;
        if (context.TokenType is TokenTypeIdentifiers.IdentityToken)
        {
            claims[Claims.JwtId] = "ID." + OktaId.RandomString(43);

            // Okta's groups claim is an array even with one group; a single claim would be written as a string.
            var groups = subject.FindAll(UserGroupsClaim.ClaimType).ToList();
            if (groups.Count > 0)
            {
                groups.ForEach(subject.RemoveClaim);
                claims[UserGroupsClaim.ClaimType] = groups.Select(claim => claim.Value).ToArray();
            }

            return ValueTask.CompletedTask;
        }

        claims[Claims.JwtId] = "AT." + OktaId.RandomString(43);
        claims.Remove(Claims.Scope);
        claims[OktaClaimTypes.Scopes] = context.Principal.GetScopes().ToArray();
        if (Take(subject, Claims.ClientId) is { } clientId)
        {
            claims[OktaClaimTypes.ClientId] = clientId;
        }

        if (Take(subject, OktaClaimTypes.Login) is { } login)
        {
            Take(subject, Claims.Subject);
            claims[Claims.Subject] = login;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Removes a claim from the token's subject and returns its value.</summary>
    private static string? Take(ClaimsIdentity subject, string type)
    {
        var claim = subject.FindFirst(type);
        if (claim is null)
        {
            return null;
        }

        subject.RemoveClaim(claim);
        return claim.Value;
    }
}
