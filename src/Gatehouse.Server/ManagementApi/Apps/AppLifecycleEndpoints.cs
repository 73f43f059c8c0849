using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// An app's lifecycle (Okta): <c>POST /lifecycle/activate</c> and <c>/lifecycle/deactivate</c> answer <c>{}</c>; a
/// deactivated app cannot sign anyone in (<see cref="RejectDeactivatedApps"/>); only a deactivated app can be
/// deleted (E0000056 otherwise), and its assignments, authorizations and tokens go with it.
/// </summary>
internal static class AppLifecycleEndpoints
{
    public static RouteGroupBuilder MapAppLifecycleApi(this RouteGroupBuilder apps)
    {
        apps.MapPost("/{appId}/lifecycle/activate", (string appId, OidcAppStore store, AppService service, TimeProvider time, CancellationToken cancellationToken) =>
            SetStatusAsync(appId, OidcApp.ActiveStatus, store, service, time, cancellationToken));
        apps.MapPost("/{appId}/lifecycle/deactivate", (string appId, OidcAppStore store, AppService service, TimeProvider time, CancellationToken cancellationToken) =>
            SetStatusAsync(appId, OidcApp.InactiveStatus, store, service, time, cancellationToken));
        apps.MapDelete("/{appId}", DeleteAsync);
        return apps;
    }

    private static async Task<IResult> SetStatusAsync(string appId, string status, OidcAppStore store, AppService service, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (status == OidcApp.InactiveStatus && AdminConsoleApp.IsAdminConsole(appId))
        {
            return BuiltInAppForbidden("deactivated");
        }

        if (await store.FindAsync(appId, cancellationToken) is not { } app)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        if (app.Status != status)
        {
            app.Status = status;
            if (app.IsActive && await service.ConflictsAsync(app, cancellationToken) is { Count: > 0 } causes)
            {
                return ManagementErrors.Validation("label", causes);
            }

            app.LastUpdated = timeProvider.GetUtcNow();
            await store.SaveAsync(app, cancellationToken);
        }

        return TypedResults.Json(new { }, ManagementJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string appId, OidcAppStore store, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is not { } app)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        if (AdminConsoleApp.IsAdminConsole(appId))
        {
            return BuiltInAppForbidden("deleted");
        }

        if (app.IsActive)
        {
            return ManagementErrors.Error(StatusCodes.Status403Forbidden, "E0000056", "Delete application forbidden.",
                "status: An ACTIVE app cannot be deleted; deactivate it first");
        }

        await database.AppGroupAssignments.Where(assignment => assignment.AppId == appId).ExecuteDeleteAsync(cancellationToken);
        await database.AppUserAssignments.Where(assignment => assignment.AppId == appId).ExecuteDeleteAsync(cancellationToken);
        await store.DeleteAsync(appId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The built-in Admin Console is how admins reach /admin: like Okta's, it cannot be turned off or removed.</summary>
    private static JsonHttpResult<Hosting.Errors.OktaError> BuiltInAppForbidden(string verb) =>
        ManagementErrors.Error(StatusCodes.Status403Forbidden, "E0000056", "Delete application forbidden.",
            $"id: The built-in {AdminConsoleApp.Label} app cannot be {verb}");
}
