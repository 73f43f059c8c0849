using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>Removing a group or person from an app: confirmed on this page (GET), done by its POST.</summary>
internal sealed class RemoveAssignmentModel(OidcAppStore store, AppService apps, GatehouseDbContext database) : AppPageModel(store)
{
    public override string Tab => "Assignments";

    public string Kind { get; private set; } = "group";

    public string Target { get; private set; } = string.Empty;

    public string TargetName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(string id, string? kind, string? target) =>
        await LoadTargetAsync(id, kind, target) ?? Page();

    public async Task<IActionResult> OnPostAsync(string id, string? kind, string? target)
    {
        if (await LoadTargetAsync(id, kind, target) is { } refused)
        {
            return refused;
        }

        if (!await IsSuperAdminAsync() || AdminConsoleApp.IsAdminConsole(id))
        {
            return ForbidAdmin();
        }

        _ = Kind == "group"
            ? await apps.UnassignGroupAsync(id, Target, HttpContext.RequestAborted)
            : await apps.UnassignUserAsync(id, Target, HttpContext.RequestAborted);
        return Redirect($"/admin/apps/{id}/assignments");
    }

    private async Task<IActionResult?> LoadTargetAsync(string id, string? kind, string? target)
    {
        if (!await LoadAsync(id) || target is null || kind is not ("group" or "user"))
        {
            return NotFound();
        }

        var name = kind == "group"
            ? await database.Groups.Where(group => group.Id == target).Select(group => group.Name).FirstOrDefaultAsync(HttpContext.RequestAborted)
            : await database.Users.Where(user => user.Id == target).Select(user => user.UserName).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (name is null)
        {
            return NotFound();
        }

        (Kind, Target, TargetName) = (kind, target, name);
        return null;
    }
}
