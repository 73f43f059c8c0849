using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Groups;

/// <summary>
/// A group: rename (the API's <c>PUT /groups/{id}</c>), its people, add a person (<c>PUT /groups/{id}/users/{userId}</c>).
/// The built-in Everyone group holds every user and cannot be changed.
/// </summary>
internal sealed class DetailsModel(GatehouseDbContext database, GroupService groups, UserManager<GatehouseUser> users, ConsoleChanges changes)
    : GroupPageModel(database)
{
    /// <summary>People shown per page; <c>after</c> pages on as on the People list (the API's cursor: by id).</summary>
    public const int MembersPageSize = 50;

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The login (or id) of the person to add.</summary>
    [BindProperty]
    public string? Member { get; set; }

    public List<GatehouseUser> Members { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    /// <summary>The id to page on from when more people follow; null on the last page.</summary>
    public string? NextMember { get; private set; }

    public string? DoneMessage => Done switch
    {
        "created" => "Group added.",
        "renamed" => "Group saved.",
        "added" => "Person added to the group.",
        "removed" => "Person removed from the group.",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadGroupAsync(id))
        {
            return NotFound();
        }

        (Name, Description) = (Group.Name, Group.Description);
        await LoadMembersAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(string id)
    {
        if (await RefuseAsync(id) is { } refused)
        {
            return refused;
        }

        var targets = await changes.TargetsAsync(HttpContext.RequestAborted, ("groups", id));
        var change = await groups.ReplaceAsync(Group, Name, string.IsNullOrWhiteSpace(Description) ? null : Description, HttpContext.RequestAborted);
        if (change.BuiltIn)
        {
            return ForbidAdmin();
        }

        if (!change.Succeeded)
        {
            AddCauses(change.Causes);
            return await InvalidAsync();
        }

        await changes.RecordAsync(User, "PUT", "/groups/{}", targets);
        return Redirect($"/admin/groups/{id}?done=renamed");
    }

    public async Task<IActionResult> OnPostAddMemberAsync(string id)
    {
        if (await RefuseAsync(id) is { } refused)
        {
            return refused;
        }

        var login = Member?.Trim();
        var person = string.IsNullOrEmpty(login) ? null : await users.FindByNameAsync(login) ?? await users.FindByIdAsync(login);
        if (person is null)
        {
            Errors.Add(string.IsNullOrEmpty(login) ? "Username: The field cannot be left blank" : $"Username: No person has the username {login}");
            return await InvalidAsync();
        }

        await groups.AddMemberAsync(Group, person, HttpContext.RequestAborted);
        await changes.RecordAsync(User, "PUT", "/groups/{}/users/{}", await changes.TargetsAsync(HttpContext.RequestAborted, ("groups", id), ("users", person.Id)));
        return Redirect($"/admin/groups/{id}?done=added");
    }

    /// <summary>Not found, not a super admin, or the built-in group: the response; null when the change may go ahead.</summary>
    private async Task<IActionResult?> RefuseAsync(string id) =>
        !await LoadGroupAsync(id) ? NotFound()
        : !await IsSuperAdminAsync() || BuiltIn ? ForbidAdmin()
        : null;

    private async Task<IActionResult> InvalidAsync()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadMembersAsync();
        return Page();
    }

    private async Task LoadMembersAsync()
    {
        var page = new PageRequest(MembersPageSize, string.IsNullOrEmpty(After) ? null : After);
        var members = await page.Apply(groups.Members(Group), user => user.Id).ToListAsync(HttpContext.RequestAborted);
        if (members.Count > MembersPageSize)
        {
            members.RemoveAt(MembersPageSize);
            NextMember = members[^1].Id;
        }

        Members = members;
    }
}
