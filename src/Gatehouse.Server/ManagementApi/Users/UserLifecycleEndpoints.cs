using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.ManagementApi.Users;

/// <summary>
/// Okta's user lifecycle: <c>POST /users/{id}/lifecycle/{operation}</c>, <c>DELETE /users/{id}</c> (a first delete
/// deactivates, a second deletes) and <c>DELETE /users/{id}/sessions</c>. An operation not allowed in the user's
/// status is 400 E0000001 (Okta's E0000016 for activating an active user, E0000032 for unlocking one not locked out).
/// Changing the security stamp ends the user's SSO sessions: the cookie is re-validated on every request
/// (SecurityStampValidator, Hosting/IdentityExtensions.cs).
/// </summary>
internal static class UserLifecycleEndpoints
{
    public static RouteGroupBuilder MapUserLifecycleApi(this RouteGroupBuilder users)
    {
        users.MapPost("/{idOrLogin}/lifecycle/{operation}", LifecycleAsync);
        users.MapDelete("/{idOrLogin}", DeleteAsync);
        users.MapDelete("/{idOrLogin}/sessions", ClearSessionsAsync);
        return users;
    }

    private static async Task<IResult> LifecycleAsync(
        string idOrLogin, string operation, HttpRequest request, GatehouseUserManager users, IssuerRegistry issuers, TimeProvider timeProvider)
    {
        var user = await UsersEndpoints.FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        var now = timeProvider.GetUtcNow();
        switch (operation)
        {
            case "activate":
                if (user.Status is not (UserStatus.Staged or UserStatus.Provisioned or UserStatus.Deprovisioned))
                {
                    return ManagementErrors.Error(StatusCodes.Status403Forbidden, "E0000016", "Activation failed because the user is already active");
                }

                // Without a password the user still has to set one (Okta: PROVISIONED until then).
                await SetStatusAsync(users, user, user.PasswordHash is null ? UserStatus.Provisioned : UserStatus.Active, now, endSessions: false);
                return TypedResults.Json(new { }, ManagementJson.Options);
            case "deactivate":
                if (user.Status == UserStatus.Deprovisioned)
                {
                    return WrongStatus("Cannot deactivate a user that is already deactivated");
                }

                await SetStatusAsync(users, user, UserStatus.Deprovisioned, now, endSessions: true);
                return TypedResults.Json(new { }, ManagementJson.Options);
            case "suspend":
                if (user.Status != UserStatus.Active)
                {
                    return WrongStatus("Cannot suspend a user that is not active");
                }

                await SetStatusAsync(users, user, UserStatus.Suspended, now, endSessions: true);
                return TypedResults.Json(new { }, ManagementJson.Options);
            case "unsuspend":
                if (user.Status != UserStatus.Suspended)
                {
                    return WrongStatus("Cannot unsuspend a user that is not suspended");
                }

                await SetStatusAsync(users, user, UserStatus.Active, now, endSessions: false);
                return TypedResults.Json(new { }, ManagementJson.Options);
            case "unlock":
                if (user.Status != UserStatus.LockedOut && !await users.IsLockedOutAsync(user))
                {
                    return ManagementErrors.Error(StatusCodes.Status400BadRequest, "E0000032", "Unlock is not allowed for this user.");
                }

                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
                await SetStatusAsync(users, user, UserStatus.Active, now, endSessions: false);
                return TypedResults.Json(new { }, ManagementJson.Options);
            case "expire_password":
                return await UserPasswordEndpoints.ExpirePasswordAsync(user, request, users, issuers.Origin, now);
            case "reset_password":
                return await UserPasswordEndpoints.ResetPasswordAsync(user, request, users, issuers.Origin, now);
            default:
                return ManagementErrors.NotFound(operation, "Operation");
        }
    }

    /// <summary>Okta: deleting a user that is not DEPROVISIONED deactivates it; deleting a DEPROVISIONED user removes it.</summary>
    private static async Task<IResult> DeleteAsync(string idOrLogin, UserManager<GatehouseUser> users, TimeProvider timeProvider)
    {
        var user = await UsersEndpoints.FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        if (user.Status != UserStatus.Deprovisioned)
        {
            await SetStatusAsync(users, user, UserStatus.Deprovisioned, timeProvider.GetUtcNow(), endSessions: true);
            return TypedResults.NoContent();
        }

        var result = await users.DeleteAsync(user);
        return result.Succeeded ? TypedResults.NoContent() : ManagementErrors.Validation("user", result.Errors.Select(error => error.Description));
    }

    /// <summary>A new security stamp: every SSO cookie of the user is rejected at its next request.</summary>
    private static async Task<IResult> ClearSessionsAsync(string idOrLogin, UserManager<GatehouseUser> users)
    {
        var user = await UsersEndpoints.FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        await users.UpdateSecurityStampAsync(user);
        return TypedResults.NoContent();
    }

    public static async Task SetStatusAsync(UserManager<GatehouseUser> users, GatehouseUser user, UserStatus status, DateTimeOffset now, bool endSessions)
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

    public static IResult WrongStatus(string message) => ManagementErrors.Validation("status", "status: " + message);
}
