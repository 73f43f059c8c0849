using System.Globalization;
using System.Security.Claims;

using Gatehouse.Core.Users;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.TokenClaims;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

using OpenIddict.Abstractions;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Pages.Authorize;

/// <summary>
/// The identity behind a code: who signed in, when and how, what was granted, and which claim goes into which
/// token (Okta: profile claims in the ID token; <c>uid</c> and the login in the access token).
/// </summary>
public sealed class AuthorizationPrincipalFactory(GatehouseDbContext database, UserGroupsClaim groups)
{
    internal static bool IsOffered(Issuer issuer, string scope) =>
        UserProfileClaims.StandardScopes.Contains(scope) || issuer.CustomScopes.Contains(scope);

    internal async Task<ClaimsPrincipal> CreateAsync(
        GatehouseUser user, Issuer issuer, IEnumerable<string> scopes, DateTimeOffset authTime, CancellationToken cancellationToken)
    {
        var orgId = await database.Orgs.Select(org => org.Id).SingleAsync(cancellationToken);
        var granted = scopes.ToList();
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id).SetDestinations(Destinations.AccessToken, Destinations.IdentityToken));
        identity.AddClaim(new Claim(OktaClaimTypes.UserId, user.Id).SetDestinations(Destinations.AccessToken));
        identity.AddClaim(new Claim(OktaClaimTypes.Login, user.UserName!).SetDestinations(Destinations.AccessToken));
        identity.AddClaim(new Claim(Claims.AuthenticationTime, authTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64)
            .SetDestinations(Destinations.AccessToken, Destinations.IdentityToken));
        identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, "pwd").SetDestinations(Destinations.IdentityToken));
        identity.AddClaim(new Claim(OktaClaimTypes.IdentityProvider, orgId).SetDestinations(Destinations.IdentityToken));
        foreach (var (type, value) in UserProfileClaims.For(user, granted))
        {
            identity.AddClaim(new Claim(type, UserProfileClaims.ToClaimValue(value), UserProfileClaims.ToClaimValueType(value))
                .SetDestinations(Destinations.IdentityToken));
        }

        if (granted.Contains(UserGroupsClaim.Scope))
        {
            // One claim per group; ShapeOktaTokenClaims writes them as an array, as Okta's, even when there is one.
            foreach (var name in await groups.ForAsync(user.Id, cancellationToken))
            {
                identity.AddClaim(new Claim(UserGroupsClaim.ClaimType, name).SetDestinations(Destinations.IdentityToken));
            }
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(granted);
        principal.SetResources(issuer.Audience);
        return principal;
    }
}
