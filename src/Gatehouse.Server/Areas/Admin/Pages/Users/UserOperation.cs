using Gatehouse.Core.Users;

namespace Gatehouse.Server.Areas.Admin.Pages.Users;

/// <summary>
/// The console's lifecycle operations on a person, named as the API's (<c>/lifecycle/{name}</c>, and <c>delete</c> for
/// <c>DELETE /users/{id}</c>). Destructive ones are confirmed on the operation's page before the POST.
/// </summary>
internal sealed record UserOperation(string Name, string Label, string Consequence, string DoneMessage, bool Destructive, Func<GatehouseUser, bool, bool> Offered)
{
    public static readonly IReadOnlyList<UserOperation> All =
    [
        new("activate", "Activate", "The person can sign in (or, without a password yet, set one).", "Person activated.", false,
            (user, _) => user.Status is UserStatus.Staged or UserStatus.Provisioned or UserStatus.Deprovisioned),
        new("set_password", "Set-password link", "A one-time link (valid for an hour) lets the person choose a first password. Earlier links stop working.",
            "Link created.", false, (user, _) => user.Status == UserStatus.Provisioned && user.PasswordHash is null),
        new("reset_password", "Reset password", "The person's password stops working until they choose a new one with a one-time link (valid for an hour). Their sessions end and earlier links stop working.",
            "Password reset.", true, (user, _) => user.Status is UserStatus.Active or UserStatus.PasswordExpired or UserStatus.Recovery or UserStatus.LockedOut),
        new("expire_password", "Expire password", "The person must choose a new password the next time they sign in. Their current password still works once, to sign in.",
            "Password expired.", true, (user, _) => user.Status is UserStatus.Active or UserStatus.PasswordExpired or UserStatus.Recovery or UserStatus.LockedOut && user.PasswordHash is not null),
        new("unlock", "Unlock", "The person can try to sign in again.", "Person unlocked.", false, (user, locked) => locked),
        new("suspend", "Suspend", "The person cannot sign in until unsuspended, and their sessions end. Nothing else changes.", "Person suspended.", true,
            (user, _) => user.Status == UserStatus.Active),
        new("unsuspend", "Unsuspend", "The person can sign in again.", "Person unsuspended.", false, (user, _) => user.Status == UserStatus.Suspended),
        new("deactivate", "Deactivate", "The person cannot sign in and their sessions end. They can be activated again, or deleted.", "Person deactivated.", true,
            (user, _) => user.Status != UserStatus.Deprovisioned),
        new("delete", "Delete", "The person, their group memberships and app assignments are removed for good. This cannot be undone.", "Person deleted.", true,
            (user, _) => user.Status == UserStatus.Deprovisioned),
    ];

    public static UserOperation? Find(string? name) => All.FirstOrDefault(operation => operation.Name == name);
}
