using Gatehouse.Core.Groups;
using Gatehouse.Server.Identity;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Groups;

/// <summary>Groups: the list (a name prefix, as the API's <c>q</c>) and "Add group" (<see cref="GroupService"/>'s rules).</summary>
internal sealed class IndexModel(GatehouseDbContext database, GroupService groups, ConsoleChanges changes) : AdminPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "deleted")]
    public string? Deleted { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public List<(Group Group, int Members)> Groups { get; private set; } = [];

    public int AllUsers { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        var (group, causes) = await groups.CreateAsync(Name, string.IsNullOrWhiteSpace(Description) ? null : Description, HttpContext.RequestAborted);
        if (group is null)
        {
            AddCauses(causes);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }

        await changes.RecordAsync(User, "POST", "/groups", await changes.TargetsAsync(HttpContext.RequestAborted, ("groups", group.Id)));
        return Redirect($"/admin/groups/{group.Id}?done=created");
    }

    private async Task LoadAsync()
    {
        var query = database.Groups.AsNoTracking();
        if (Q?.Trim() is { Length: > 0 } prefix)
        {
            var pattern = ManagementApi.Search.SearchExpression.EscapeLike(prefix) + "%";
            query = query.Where(group => EF.Functions.Like(group.Name, pattern, "\\"));
        }

        var found = await query.OrderBy(group => group.Name)
            .Select(group => new { Group = group, Members = database.GroupMemberships.Count(membership => membership.GroupId == group.Id) })
            .ToListAsync(HttpContext.RequestAborted);
        AllUsers = await database.Users.CountAsync(HttpContext.RequestAborted);
        Groups = [.. found.Select(row => (row.Group, row.Group.Type == GroupType.BuiltIn ? AllUsers : row.Members))];
    }
}
