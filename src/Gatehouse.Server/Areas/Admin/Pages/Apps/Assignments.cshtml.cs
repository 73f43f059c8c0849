using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>The app's Assignments tab: groups and people, assigned and removed with <see cref="AppService"/>.</summary>
internal sealed class AssignmentsModel(OidcAppStore store, AppService apps, GatehouseDbContext database) : AppPageModel(store)
{
    public override string Tab => "Assignments";

    public List<(string Id, string Name)> AssignedGroups { get; private set; } = [];

    public List<(string Id, string Name)> OtherGroups { get; private set; } = [];

    public List<(string Id, string Login)> AssignedUsers { get; private set; } = [];

    public List<(string Id, string Login)> OtherUsers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        await LoadAssignmentsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAssignGroupAsync(string id, string? groupId)
    {
        if (await RefuseAsync(id) is { } refused)
        {
            return refused;
        }

        if (groupId is null || !await database.Groups.AnyAsync(group => group.Id == groupId, HttpContext.RequestAborted))
        {
            Errors.Add("Group: choose a group to assign.");
            await LoadAssignmentsAsync();
            return Page();
        }

        await apps.AssignGroupAsync(id, groupId, null, HttpContext.RequestAborted);
        return Redirect($"/admin/apps/{id}/assignments");
    }

    public async Task<IActionResult> OnPostAssignUserAsync(string id, string? userId)
    {
        if (await RefuseAsync(id) is { } refused)
        {
            return refused;
        }

        if (userId is null || !await database.Users.AnyAsync(user => user.Id == userId, HttpContext.RequestAborted))
        {
            Errors.Add("Person: choose a person to assign.");
            await LoadAssignmentsAsync();
            return Page();
        }

        await apps.AssignUserAsync(id, userId, HttpContext.RequestAborted);
        return Redirect($"/admin/apps/{id}/assignments");
    }

    /// <summary>Missing app: 404; read-only admin, or the Admin Console (assigned to admins by rule): 403.</summary>
    internal async Task<IActionResult?> RefuseAsync(string id) =>
        !await LoadAsync(id) ? NotFound()
        : !await IsSuperAdminAsync() || AdminConsoleApp.IsAdminConsole(id) ? ForbidAdmin()
        : null;

    private async Task LoadAssignmentsAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var groupIds = await database.AppGroupAssignments.Where(assignment => assignment.AppId == App.Id).Select(assignment => assignment.GroupId).ToListAsync(cancellationToken);
        var groups = await database.Groups.AsNoTracking().OrderBy(group => group.Name).Select(group => new { group.Id, group.Name }).ToListAsync(cancellationToken);
        AssignedGroups = [.. groups.Where(group => groupIds.Contains(group.Id)).Select(group => (group.Id, group.Name))];
        OtherGroups = [.. groups.Where(group => !groupIds.Contains(group.Id)).Select(group => (group.Id, group.Name))];

        var userIds = await database.AppUserAssignments.Where(assignment => assignment.AppId == App.Id).Select(assignment => assignment.UserId).ToListAsync(cancellationToken);
        var users = await database.Users.AsNoTracking().OrderBy(user => user.UserName).Select(user => new { user.Id, user.UserName }).Take(500).ToListAsync(cancellationToken);
        AssignedUsers = [.. users.Where(user => userIds.Contains(user.Id)).Select(user => (user.Id, user.UserName ?? user.Id))];
        OtherUsers = [.. users.Where(user => !userIds.Contains(user.Id)).Select(user => (user.Id, user.UserName ?? user.Id))];
    }
}
