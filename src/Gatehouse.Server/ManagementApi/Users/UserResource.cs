using System.Linq.Expressions;

using Gatehouse.Core.Users;
using Gatehouse.Server.ManagementApi.Search;

namespace Gatehouse.Server.ManagementApi.Users;

/// <summary>Okta's user object (okta-reference.md §3), as listed by the groups API and, later, the users API.</summary>
internal static class UserResource
{
    public const string ResourceName = "User";

    /// <summary>
    /// What <c>search</c>/<c>filter</c> may name; the status is compared by its Okta name. Login, email, first and last
    /// name are NOCASE columns with an index each (UserConfiguration), searched without <c>lower()</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, Expression<Func<GatehouseUser, string?>>> SearchAttributes { get; } =
        new Dictionary<string, Expression<Func<GatehouseUser, string?>>>(StringComparer.Ordinal)
        {
            ["id"] = user => user.Id,
            ["status"] = user => user.Status == UserStatus.Active ? "ACTIVE"
                : user.Status == UserStatus.Staged ? "STAGED"
                : user.Status == UserStatus.Provisioned ? "PROVISIONED"
                : user.Status == UserStatus.Recovery ? "RECOVERY"
                : user.Status == UserStatus.PasswordExpired ? "PASSWORD_EXPIRED"
                : user.Status == UserStatus.LockedOut ? "LOCKED_OUT"
                : user.Status == UserStatus.Suspended ? "SUSPENDED"
                : "DEPROVISIONED",
            ["profile.login"] = user => SearchExpression.NoCase(user.UserName),
            ["profile.email"] = user => SearchExpression.NoCase(user.Email),
            ["profile.firstName"] = user => SearchExpression.NoCase(user.FirstName),
            ["profile.lastName"] = user => SearchExpression.NoCase(user.LastName),
            ["profile.locale"] = user => user.Locale,
            ["profile.timeZone"] = user => user.TimeZone,
            ["profile.mobilePhone"] = user => user.PhoneNumber,
        };

    /// <summary>The dates <c>search</c> may compare (<c>eq</c>, <c>gt</c>, <c>ge</c>, <c>lt</c>, <c>le</c>, <c>pr</c>).</summary>
    public static IReadOnlyDictionary<string, Expression<Func<GatehouseUser, DateTimeOffset?>>> SearchDates { get; } =
        new Dictionary<string, Expression<Func<GatehouseUser, DateTimeOffset?>>>(StringComparer.Ordinal)
        {
            ["created"] = user => user.Created,
            ["lastUpdated"] = user => user.LastUpdated,
            ["statusChanged"] = user => user.StatusChanged,
            ["activated"] = user => user.Activated,
            ["passwordChanged"] = user => user.PasswordChanged,
            ["lastLogin"] = user => user.LastLogin,
        };

    /// <summary>
    /// Okta's user object at <paramref name="now"/>. An ACTIVE user inside an Identity lockout shows as Okta's
    /// <c>LOCKED_OUT</c>, and as ACTIVE again once the lockout has ended by itself (the stored status never changes,
    /// so sign-in and token rules need no second state to undo).
    /// </summary>
    public static object ToJson(GatehouseUser user, string origin, DateTimeOffset now) => new
    {
        id = user.Id,
        status = user.Status == UserStatus.Active && user.LockoutEnd > now ? StatusName(UserStatus.LockedOut) : StatusName(user.Status),
        created = user.Created,
        activated = user.Activated,
        statusChanged = user.StatusChanged,
        lastLogin = user.LastLogin,
        lastUpdated = user.LastUpdated,
        passwordChanged = user.PasswordHash is null ? null : user.PasswordChanged,
        type = new { id = (string?)null },
        profile = new
        {
            firstName = user.FirstName,
            lastName = user.LastName,
            mobilePhone = user.PhoneNumber,
            secondEmail = (string?)null,
            login = user.UserName,
            email = user.Email,
            locale = user.Locale,
            timeZone = user.TimeZone,
        },
        credentials = new
        {
            password = user.PasswordHash is null ? null : new { },
            provider = new { type = "OKTA", name = "OKTA" },
        },
        _links = new { self = new { href = $"{origin}/api/v1/users/{user.Id}" } },
    };

    /// <summary>Okta's status names: <c>ACTIVE</c>, <c>LOCKED_OUT</c>, <c>PASSWORD_EXPIRED</c>…</summary>
    public static string StatusName(UserStatus status) => status switch
    {
        UserStatus.PasswordExpired => "PASSWORD_EXPIRED",
        UserStatus.LockedOut => "LOCKED_OUT",
        _ => status.ToString().ToUpperInvariant(),
    };
}
