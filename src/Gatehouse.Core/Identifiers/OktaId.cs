using System.Security.Cryptography;

namespace Gatehouse.Core.Identifiers;

/// <summary>
/// Okta's object ids: a three-character type prefix and 17 random base-62 characters
/// (<c>00u…</c> users, <c>00g…</c> groups, <c>0oa…</c> apps, <c>00o…</c> orgs). Clients written for Okta
/// sometimes sniff the prefix, so Gatehouse keeps the shape.
/// </summary>
public static class OktaId
{
    public const string UserPrefix = "00u";
    public const string GroupPrefix = "00g";
    public const string AppPrefix = "0oa";
    public const string OrgPrefix = "00o";
    public const string ApiTokenPrefix = "00T";

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string NewUserId() => New(UserPrefix);

    public static string NewGroupId() => New(GroupPrefix);

    public static string NewAppId() => New(AppPrefix);

    public static string NewOrgId() => New(OrgPrefix);

    public static string NewApiTokenId() => New(ApiTokenPrefix);

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, 17);

    /// <summary>A random base-62 string, for secrets and opaque handles.</summary>
    public static string RandomString(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
