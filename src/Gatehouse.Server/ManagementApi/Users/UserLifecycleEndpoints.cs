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
        string idOrLogin, string operation, HttpRequest request, GatehouseUserManager users, UserLifecycle lifecycle, IssuerRegistry issuers, TimeProvider timeProvider)
    {
        var user = await UsersEndpoints.FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        switch (operation)
        {
            case "expire_password":
                return await UserPasswordEndpoints.ExpirePasswordAsync(user, request, users, lifecycle, issuers.Origin, timeProvider.GetUtcNow());
            case "reset_password":
                return await UserPasswordEndpoints.ResetPasswordAsync(user, request, lifecycle);
            case var status when UserLifecycle.StatusOperations.Contains(status):
                return await lifecycle.ApplyAsync(user, status) is { } refused
                    ? Refused(refused)
                    : TypedResults.Json(new { }, ManagementJson.Options);
            default:
                return ManagementErrors.NotFound(operation, "Operation");
        }
    }

    /// <summary>Okta: deleting a user that is not DEPROVISIONED deactivates it; deleting a DEPROVISIONED user removes it.</summary>
    private static async Task<IResult> DeleteAsync(string idOrLogin, UserManager<GatehouseUser> users, UserLifecycle lifecycle)
    {
        var user = await UsersEndpoints.FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        var (_, result) = await lifecycle.DeleteAsync(user);
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

    /// <summary>A refused operation as Okta's error.</summary>
    public static IResult Refused(LifecycleRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return ManagementErrors.Error(refusal.Status, refusal.Code, refusal.Summary, refusal.Cause is { } cause ? [cause] : []);
    }

    public static IResult WrongStatus(string message) => ManagementErrors.Validation("status", "status: " + message);
}
