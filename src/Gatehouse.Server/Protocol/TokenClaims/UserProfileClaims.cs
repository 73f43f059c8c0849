using System.Globalization;

using Gatehouse.Core.Users;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Protocol.TokenClaims;

/// <summary>
/// The profile claims a user releases for a set of scopes (OIDC Core §5.4). One definition for the ID token and
/// for userinfo, so the two never disagree.
/// </summary>
internal static class UserProfileClaims
{
    /// <summary>
    /// Scopes that release user claims; <c>address</c> and <c>phone</c> are not offered (no such attributes yet).
    /// <c>groups</c> is Okta's (<see cref="UserGroupsClaim"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> StandardScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, UserGroupsClaim.Scope,
    };

    public static readonly string[] Supported =
    [
        Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.GivenName, Claims.FamilyName,
        Claims.Locale, Claims.Zoneinfo, Claims.UpdatedAt, Claims.Email, Claims.EmailVerified, UserGroupsClaim.ClaimType,
    ];

    /// <summary>Claim type → value (string, bool or long) for the granted scopes, <c>sub</c> excluded.</summary>
    public static IEnumerable<KeyValuePair<string, object>> For(GatehouseUser user, IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(user);
        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        if (granted.Contains(Scopes.Profile))
        {
            if (user.DisplayName is { Length: > 0 } name)
            {
                yield return new(Claims.Name, name);
            }

            yield return new(Claims.PreferredUsername, user.UserName!);
            foreach (var claim in Optional((Claims.GivenName, user.FirstName), (Claims.FamilyName, user.LastName),
                         (Claims.Locale, user.Locale), (Claims.Zoneinfo, user.TimeZone)))
            {
                yield return claim;
            }

            yield return new(Claims.UpdatedAt, user.LastUpdated.ToUnixTimeSeconds());
        }

        if (granted.Contains(Scopes.Email) && user.Email is { Length: > 0 } email)
        {
            yield return new(Claims.Email, email);
            yield return new(Claims.EmailVerified, user.EmailConfirmed);
        }
    }

    public static string ToClaimValue(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => (string)value,
    };

    public static string ToClaimValueType(object value) => value switch
    {
        bool => System.Security.Claims.ClaimValueTypes.Boolean,
        long => System.Security.Claims.ClaimValueTypes.Integer64,
        _ => System.Security.Claims.ClaimValueTypes.String,
    };

    private static IEnumerable<KeyValuePair<string, object>> Optional(params (string Type, string? Value)[] claims) =>
        claims.Where(claim => !string.IsNullOrWhiteSpace(claim.Value)).Select(claim => new KeyValuePair<string, object>(claim.Type, claim.Value!));
}
