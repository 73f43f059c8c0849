using Gatehouse.Server.Protocol.AccessPolicies;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// The life of an authorization server's signing key, in one place:
/// <list type="number">
/// <item>created by a rotation with <c>ActivatesAt</c> = now + the propagation delay, and published in JWKS at once,
/// so clients that cache the key set already know it when it starts signing;</item>
/// <item>signs from <c>ActivatesAt</c> on; the same rotation sets the previous key's <c>RetiredAt</c> to that instant;</item>
/// <item>after <c>RetiredAt</c> it stays published until every ID and access token it signed has expired
/// (<see cref="PublishedAfterRetirement"/>), then disappears from JWKS;</item>
/// <item>it stays usable for validation until every token whose payload it signed has expired, including refresh
/// tokens and codes (<see cref="ValidatesAfterRetirement"/>); then it is deleted from the database.</item>
/// </list>
/// Keeping the retired key for validation is simpler and safer than re-signing stored refresh-token payloads at
/// rotation: nothing stored is rewritten, and no node needs the new key before it activates.
/// How long "every token has expired" is follows the access policies' lifetimes (<see cref="LongestTokenLifetimes"/>).
/// </summary>
internal sealed class SigningKeyLifecycle(LongestTokenLifetimes lifetimes)
{
    /// <summary>
    /// Relying parties accept a token a little after <c>exp</c> (Microsoft.IdentityModel's default clock skew is
    /// 5 minutes), so the key stays published that much longer.
    /// </summary>
    public static readonly TimeSpan RelyingPartyClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The last ID or access token signed just before retirement expires this long after it.</summary>
    public TimeSpan PublishedAfterRetirement => Max(lifetimes.AccessToken, TokenLifetimes.IdentityToken) + RelyingPartyClockSkew;

    /// <summary>The last refresh token or code signed just before retirement expires this long after it.</summary>
    public TimeSpan ValidatesAfterRetirement =>
        Max(Max(lifetimes.RefreshToken, TokenLifetimes.AuthorizationCode), PublishedAfterRetirement);

    public static bool IsSigning(SigningKey key, DateTimeOffset now) =>
        key.ActivatesAt <= now && (key.RetiredAt is null || now < key.RetiredAt);

    public bool IsPublished(SigningKey key, DateTimeOffset now) =>
        key.RetiredAt is not { } retired || now < retired + PublishedAfterRetirement;

    public bool IsValidating(DateTimeOffset? retiredAt, DateTimeOffset now) =>
        retiredAt is not { } retired || now < retired + ValidatesAfterRetirement;

    private static TimeSpan Max(TimeSpan first, TimeSpan second) => first > second ? first : second;
}
