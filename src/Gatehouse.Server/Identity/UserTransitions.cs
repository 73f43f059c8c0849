using Gatehouse.Core.Users;

namespace Gatehouse.Server.Identity;

/// <summary>Okta's status bookkeeping, in one place so that every transition maintains the same dates.</summary>
internal static class UserTransitions
{
    /// <summary>Sets the status and Okta's <c>statusChanged</c>, <c>activated</c> and <c>lastUpdated</c> (the caller saves).</summary>
    public static void SetStatus(GatehouseUser user, UserStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Status != status)
        {
            // Activation: from STAGED, PROVISIONED or DEPROVISIONED to ACTIVE (Okta's "activated").
            if (status == UserStatus.Active && user.Status is UserStatus.Staged or UserStatus.Provisioned or UserStatus.Deprovisioned)
            {
                user.Activated = now;
            }

            user.StatusChanged = now;
            user.Status = status;
        }

        user.LastUpdated = now;
    }
}
