using System.Security.Claims;

using Gatehouse.Core.Users;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.SystemLog.AdminChanges;

/// <summary>
/// Records an admin console change in the System Log with the event type and message of the <c>/api/v1</c> route that
/// makes the same change (<see cref="AdminEventTypes"/>: one mapping for both), the signed-in admin as actor.
/// </summary>
internal sealed class ConsoleChanges(SystemLogRecorder systemLog, UserManager<GatehouseUser> users)
{
    /// <param name="method">The API route's method, e.g. <c>DELETE</c>.</param>
    /// <param name="apiTemplate">The API route's shape under <c>/api/v1</c>, e.g. <c>/trustedOrigins/{}</c>.</param>
    public async Task RecordAsync(ClaimsPrincipal admin, string method, string apiTemplate, IReadOnlyList<LogEntity> targets, string consolePath)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var (eventType, message) = AdminEventTypes.For(method, apiTemplate);
        var user = admin.FindFirst("sub")?.Value is { } id ? await users.FindByIdAsync(id) : null;
        await systemLog.RecordAsync(new LogEventDraft(eventType, message, user is null ? null : SystemLogRecorder.UserEntity(user), LogOutcome.Success)
        {
            Targets = targets,
            DebugData = new Dictionary<string, string?>
            {
                ["requestMethod"] = "POST",
                ["routeTemplate"] = consolePath,
                ["adminConsole"] = "true",
            },
        });
    }
}
