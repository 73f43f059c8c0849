namespace Gatehouse.Core.Users;

/// <summary>
/// Okta's standard administrator roles that Gatehouse implements, stored as ASP.NET Core Identity roles. An API
/// token acts with its user's role: a super admin may do everything, a read-only admin may only read.
/// </summary>
public static class AdminRoles
{
    public const string SuperAdmin = "SUPER_ADMIN";
    public const string ReadOnlyAdmin = "READ_ONLY_ADMIN";

    public static IReadOnlyList<string> All { get; } = [SuperAdmin, ReadOnlyAdmin];
}
