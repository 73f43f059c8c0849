using Gatehouse.Core.Groups;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Groups;

/// <summary>Base of the pages about one group: loads it (tracked, for the service to change).</summary>
internal abstract class GroupPageModel(GatehouseDbContext database) : AdminPageModel
{
    public Group Group { get; private set; } = null!;

    public bool BuiltIn => Group.Type == GroupType.BuiltIn;

    protected GatehouseDbContext Database => database;

    protected async Task<bool> LoadGroupAsync(string id)
    {
        if (await database.Groups.SingleOrDefaultAsync(group => group.Id == id, HttpContext.RequestAborted) is not { } group)
        {
            return false;
        }

        Group = group;
        return true;
    }
}
