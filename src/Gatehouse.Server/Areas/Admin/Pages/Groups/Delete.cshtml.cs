using Gatehouse.Server.Identity;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Groups;

/// <summary>Deleting a group: confirmed on this page (GET), done by its POST (the API's <c>DELETE /groups/{id}</c>).</summary>
internal sealed class DeleteModel(GatehouseDbContext database, GroupService groups, ConsoleChanges changes) : GroupPageModel(database)
{
    public async Task<IActionResult> OnGetAsync(string id) =>
        !await LoadGroupAsync(id) ? NotFound() : BuiltIn ? ForbidAdmin() : Page();

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadGroupAsync(id))
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync() || BuiltIn)
        {
            return ForbidAdmin();
        }

        var targets = await changes.TargetsAsync(HttpContext.RequestAborted, ("groups", id));
        var name = Group.Name;
        if ((await groups.DeleteAsync(Group, HttpContext.RequestAborted)).BuiltIn)
        {
            return ForbidAdmin();
        }

        await changes.RecordAsync(User, "DELETE", "/groups/{}", targets);
        return Redirect("/admin/groups?deleted=" + Uri.EscapeDataString(name));
    }
}
