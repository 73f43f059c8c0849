using System.Text.RegularExpressions;

using Gatehouse.Storage;

namespace Gatehouse.Server.Protocol.TokenClaims;

/// <summary>
/// The <c>groups</c> claim released by the <c>groups</c> scope (okta-reference.md §2): the names of the user's
/// groups, the built-in Everyone included, that match the app's group filter — Okta's default filter is the regex
/// <c>.*</c> — capped at 100 (Okta's limit; the first 100 in ordinal name order, so the cut is stable). One
/// definition for the ID token and userinfo.
/// </summary>
public sealed partial class UserGroupsClaim(GatehouseDbContext database)
{
    public const string ClaimType = "groups";
    public const string Scope = "groups";
    public const int MaxGroups = 100;

    public async Task<string[]> ForAsync(string userId, CancellationToken cancellationToken)
    {
        return Filter(await UserQueries.GroupNamesAsync(database, userId, cancellationToken));
    }

    /// <summary>The claim's value from the names of all the user's groups (<see cref="UserQueries"/>).</summary>
    public static string[] Filter(IEnumerable<string> groupNames) =>
        [.. groupNames.Where(name => DefaultFilter().IsMatch(name)).Order(StringComparer.Ordinal).Take(MaxGroups)];

    [GeneratedRegex("^.*$", RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex DefaultFilter();
}
