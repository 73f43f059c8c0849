namespace Gatehouse.Core.Tokens;

/// <summary>
/// An access token revoked at <c>/revoke</c> before it expired (RFC 7009 §2.1). Access tokens are self-contained JWTs
/// without a token entry (docs/decisions/0013-self-contained-access-tokens.md), so their revocation is this row, read
/// whenever Gatehouse validates an access token (userinfo, introspection) and deleted once the token has expired.
/// </summary>
public sealed class RevokedAccessToken
{
    /// <summary>The token's <c>jti</c> claim: an identifier, not a credential (the token's signature cannot be made from it).</summary>
    public string TokenId { get; set; } = string.Empty;

    /// <summary>The token's <c>exp</c>: after it, the token is refused for its expiry and the row can go.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
