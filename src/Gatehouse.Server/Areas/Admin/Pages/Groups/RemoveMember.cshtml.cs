using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Groups;

/// <summary>Removing a person from a group: confirmed here (GET), done by the POST (the API's <c>DELETE /groups/{id}/users/{userId}</c>).</summary>
internal sealed class RemoveMemberModel(GatehouseDbContext database, GroupService groups, UserManager<GatehouseUser> users, ConsoleChanges changes)
    : GroupPageModel(database)
{
    public GatehouseUser Person { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, string userId) =>
        !await LoadAsync(id, userId) ? NotFound() : BuiltIn ? ForbidAdmin() : Page();

    public async Task<IActionResult> OnPostAsync(string id, string userId)
    {
        if (!await LoadAsync(id, userId))
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync() || BuiltIn)
        {
            return ForbidAdmin();
        }

        var targets = await changes.TargetsAsync(HttpContext.RequestAborted, ("groups", id), ("users", userId));
        if ((await groups.RemoveMemberAsync(Group, Person, HttpContext.RequestAborted)).BuiltIn)
        {
            return ForbidAdmin();
        }

        await changes.RecordAsync(User, "DELETE", "/groups/{}/users/{}", targets);
        return Redirect($"/admin/groups/{id}?done=removed");
    }

    private async Task<bool> LoadAsync(string id, string userId)
    {
        if (!await LoadGroupAsync(id) || await users.FindByIdAsync(userId) is not { } person)
        {
            return false;
        }

        Person = person;
        return true;
    }
}
