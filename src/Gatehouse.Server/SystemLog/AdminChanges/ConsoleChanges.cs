using System.Security.Claims;

using Gatehouse.Core.Users;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.SystemLog.AdminChanges;

/// <summary>
/// Records an admin console change in the System Log as the <c>/api/v1</c> route doing the same change would be
/// (<see cref="AdminChangeFilter"/>): the same Okta event type from <see cref="AdminEventTypes"/>, the same targets
/// (<see cref="AdminTargets"/>), the signed-in admin as actor. Describe the targets before the change (a deleted
/// object has no name afterwards), record after it succeeded.
/// </summary>
internal sealed class ConsoleChanges(SystemLogRecorder systemLog, AdminTargets targets, UserManager<GatehouseUser> users)
{
    /// <summary>The objects of a change, as the route <c>/users/{id}</c> or <c>/groups/{g}/users/{u}</c> would name them.</summary>
    public Task<List<LogEntity>> TargetsAsync(CancellationToken cancellationToken, params (string Collection, string Id)[] ids) =>
        targets.FromRouteAsync(new RouteShape(string.Empty, ids, null), cancellationToken);

    /// <summary>
    /// One event for the API route <paramref name="method"/> <paramref name="apiTemplate"/> (e.g. <c>POST
    /// /users/{}/lifecycle/suspend</c>); <paramref name="eventType"/> overrides the table (a user's final delete).
    /// </summary>
    public async Task RecordAsync(
        ClaimsPrincipal admin, string method, string apiTemplate, List<LogEntity> changed, (string EventType, string Message)? eventType = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var (type, message) = eventType ?? AdminEventTypes.For(method, apiTemplate);
        var actor = admin.FindFirst("sub")?.Value is { } id ? await users.FindByIdAsync(id) : null;
        await systemLog.RecordAsync(new LogEventDraft(type, message, actor is null ? null : SystemLogRecorder.UserEntity(actor), LogOutcome.Success)
        {
            Targets = changed,
            DebugData = new Dictionary<string, string?>
            {
                ["requestMethod"] = method,
                ["routeTemplate"] = "/api/v1" + apiTemplate,
                ["adminConsole"] = "true",
            },
        });
    }
}
