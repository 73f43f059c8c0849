using Gatehouse.Core.Users;

namespace Gatehouse.Server.ManagementApi.Users;

/// <summary>Okta's user object (okta-reference.md §3), as listed by the groups API and, later, the users API.</summary>
internal static class UserResource
{
    public static object ToJson(GatehouseUser user, string origin) => new
    {
        id = user.Id,
        status = StatusName(user.Status),
        created = user.Created,
        activated = (DateTimeOffset?)null,
        statusChanged = (DateTimeOffset?)null,
        lastLogin = (DateTimeOffset?)null,
        lastUpdated = user.LastUpdated,
        passwordChanged = (DateTimeOffset?)null,
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
