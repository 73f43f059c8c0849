using Gatehouse.Core.Users;
using Gatehouse.Server.ManagementApi.Authentication;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// Client secrets are credentials, not settings: only a super admin may read them. The SSWS filter lets read-only
/// admins through every GET, so the secret routes and the secret in app responses check again here.
/// </summary>
internal static class AdminAccess
{
    public static async Task<bool> MayReadSecretsAsync(HttpContext http, UserManager<GatehouseUser> users)
    {
        if (http.Items[typeof(ManagementCaller)] is not ManagementCaller caller || await users.FindByIdAsync(caller.UserId) is not { } user)
        {
            return false;
        }

        return await users.IsInRoleAsync(user, AdminRoles.SuperAdmin);
    }
}
