using Gatehouse.Core.Groups;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Who may sign in to an app: users assigned to it directly, and members of a group assigned to it, where the
/// built-in Everyone group holds every user (Okta: "User is not assigned to the client application."). The built-in
/// Admin Console is assigned to the org's admins only.
/// </summary>
public sealed class AppAssignments(GatehouseDbContext database)
{
    public async Task<bool> IsUserAssignedAsync(string appId, string userId, CancellationToken cancellationToken) =>
        AdminConsoleApp.IsAdminConsole(appId)
            ? await AdminConsoleApp.IsAdminAsync(database, userId, cancellationToken)
            : await database.AppUserAssignments.AnyAsync(assignment => assignment.AppId == appId && assignment.UserId == userId, cancellationToken)
        || await database.AppGroupAssignments
            .Where(assignment => assignment.AppId == appId)
            .Join(database.Groups, assignment => assignment.GroupId, group => group.Id, (assignment, group) => group)
            .AnyAsync(
                group => group.Type == GroupType.BuiltIn
                    || database.GroupMemberships.Any(membership => membership.GroupId == group.Id && membership.UserId == userId),
                cancellationToken);
}
