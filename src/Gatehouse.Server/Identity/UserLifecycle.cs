using Gatehouse.Core.Users;
using Gatehouse.Server.Pages.ResetPassword;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.Identity;

/// <summary>Why a lifecycle operation was refused: Okta's HTTP status, error code, summary and cause.</summary>
internal sealed record LifecycleRefusal(int Status, string Code, string Summary, string? Cause)
{
    /// <summary>What a person reads: the cause without its field, else the summary.</summary>
    public string Message => Cause is { } cause ? cause.Split(':', 2)[^1].Trim() : Summary;

    public static LifecycleRefusal WrongStatus(string message) =>
        new(StatusCodes.Status400BadRequest, "E0000001", "Api validation failed: status", "status: " + message);
}

/// <summary>
/// Okta's user lifecycle rules, shared by <c>/api/v1/users/{id}/lifecycle/*</c>, <c>DELETE /api/v1/users/{id}</c> and
/// the admin console (one code path per rule). Each operation answers null when done, or why it was refused.
/// Changing the security stamp ends the user's SSO sessions.
/// </summary>
internal sealed class UserLifecycle(GatehouseUserManager users, IssuerRegistry issuers, TimeProvider timeProvider)
{
    public static readonly IReadOnlyList<string> StatusOperations = ["activate", "deactivate", "suspend", "unsuspend", "unlock"];

    /// <summary>activate, deactivate, suspend, unsuspend or unlock; null for an unknown operation is never returned (throws).</summary>
    public async Task<LifecycleRefusal?> ApplyAsync(GatehouseUser user, string operation)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = timeProvider.GetUtcNow();
        switch (operation)
        {
            case "activate":
                if (user.Status is not (UserStatus.Staged or UserStatus.Provisioned or UserStatus.Deprovisioned))
                {
                    return new LifecycleRefusal(StatusCodes.Status403Forbidden, "E0000016", "Activation failed because the user is already active", null);
                }

                // Without a password the user still has to set one (Okta: PROVISIONED until then).
                await SetStatusAsync(user, user.PasswordHash is null ? UserStatus.Provisioned : UserStatus.Active, now, endSessions: false);
                return null;
            case "deactivate":
                if (user.Status == UserStatus.Deprovisioned)
                {
                    return LifecycleRefusal.WrongStatus("Cannot deactivate a user that is already deactivated");
                }

                await SetStatusAsync(user, UserStatus.Deprovisioned, now, endSessions: true);
                return null;
            case "suspend":
                if (user.Status != UserStatus.Active)
                {
                    return LifecycleRefusal.WrongStatus("Cannot suspend a user that is not active");
                }

                await SetStatusAsync(user, UserStatus.Suspended, now, endSessions: true);
                return null;
            case "unsuspend":
                if (user.Status != UserStatus.Suspended)
                {
                    return LifecycleRefusal.WrongStatus("Cannot unsuspend a user that is not suspended");
                }

                await SetStatusAsync(user, UserStatus.Active, now, endSessions: false);
                return null;
            case "unlock":
                if (user.Status != UserStatus.LockedOut && !await users.IsLockedOutAsync(user))
                {
                    return new LifecycleRefusal(StatusCodes.Status400BadRequest, "E0000032", "Unlock is not allowed for this user.", null);
                }

                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
                await SetStatusAsync(user, UserStatus.Active, now, endSessions: false);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not a status operation.");
        }
    }

    /// <summary>
    /// PASSWORD_EXPIRED: the user must choose a new password at the next sign-in (<c>lifecycle/expire_password</c>).
    /// With <paramref name="temporaryPasswordFollows"/> the caller replaces the password next (and saves); without, the
    /// user must have a password, and is saved here.
    /// </summary>
    public async Task<LifecycleRefusal?> ExpirePasswordAsync(GatehouseUser user, bool temporaryPasswordFollows = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Status is not (UserStatus.Active or UserStatus.PasswordExpired or UserStatus.Recovery or UserStatus.LockedOut)
            || (user.PasswordHash is null && !temporaryPasswordFollows))
        {
            return LifecycleRefusal.WrongStatus("Cannot expire the password of a user that is not active or has no password");
        }

        UserTransitions.SetStatus(user, UserStatus.PasswordExpired, timeProvider.GetUtcNow());
        if (!temporaryPasswordFollows)
        {
            await users.UpdateAsync(user);
        }

        return null;
    }

    /// <summary>
    /// RECOVERY with a one-time link valid for an hour to Gatehouse's reset page. A new link ends the earlier ones and
    /// the user's sessions (new security stamp).
    /// </summary>
    public async Task<(string? Link, LifecycleRefusal? Refusal)> ResetPasswordAsync(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Status is not (UserStatus.Active or UserStatus.PasswordExpired or UserStatus.Recovery or UserStatus.LockedOut))
        {
            return (null, LifecycleRefusal.WrongStatus("Cannot reset the password of a user that is not active"));
        }

        UserTransitions.SetStatus(user, UserStatus.Recovery, timeProvider.GetUtcNow());
        await users.UpdateSecurityStampAsync(user);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return (ResetPasswordLink.Create(issuers.Origin, user.Id, token), null);
    }

    /// <summary>
    /// A PROVISIONED user without a password (activated without one) sets it through a one-time link to the same
    /// reset page, which accepts such users; the status stays until the password is set.
    /// </summary>
    public async Task<(string? Link, LifecycleRefusal? Refusal)> SetPasswordLinkAsync(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Status != UserStatus.Provisioned || user.PasswordHash is not null)
        {
            return (null, LifecycleRefusal.WrongStatus("Only a provisioned user without a password gets a set-password link"));
        }

        await users.UpdateSecurityStampAsync(user);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return (ResetPasswordLink.Create(issuers.Origin, user.Id, token), null);
    }

    /// <summary>Okta: deleting a user that is not DEPROVISIONED deactivates it; deleting a DEPROVISIONED user removes it.</summary>
    public async Task<(bool Deleted, IdentityResult Result)> DeleteAsync(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Status != UserStatus.Deprovisioned)
        {
            await SetStatusAsync(user, UserStatus.Deprovisioned, timeProvider.GetUtcNow(), endSessions: true);
            return (false, IdentityResult.Success);
        }

        return (true, await users.DeleteAsync(user));
    }

    public async Task SetStatusAsync(GatehouseUser user, UserStatus status, DateTimeOffset now, bool endSessions)
    {
        UserTransitions.SetStatus(user, status, now);
        if (endSessions)
        {
            // UpdateSecurityStampAsync saves the user too.
            await users.UpdateSecurityStampAsync(user);
        }
        else
        {
            await users.UpdateAsync(user);
        }
    }
}
