namespace Gatehouse.Core.Users;

/// <summary>Okta's user lifecycle states, mapped on top of ASP.NET Core Identity.</summary>
public enum UserStatus
{
    Staged,
    Provisioned,
    Active,
    Recovery,
    PasswordExpired,
    LockedOut,
    Suspended,
    Deprovisioned,
}
