using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Users;

/// <summary>A person: profile, status, groups, and the lifecycle operations their status allows.</summary>
internal sealed class DetailsModel(UserManager<GatehouseUser> users, GatehouseDbContext database) : AdminPageModel
{
    public GatehouseUser Person { get; private set; } = null!;

    public bool LockedOut { get; private set; }

    public List<(string Id, string Name)> Groups { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } person)
        {
            return NotFound();
        }

        Person = person;
        LockedOut = person.Status == UserStatus.LockedOut || await users.IsLockedOutAsync(person);
        Groups = [.. (await database.GroupMemberships.Where(membership => membership.UserId == id)
                .Join(database.Groups, membership => membership.GroupId, group => group.Id, (membership, group) => new { group.Id, group.Name })
                .OrderBy(group => group.Name).ToListAsync(HttpContext.RequestAborted))
            .Select(group => (group.Id, group.Name))];
        return Page();
    }

    /// <summary>The operations offered for the person's status (the service still checks each one).</summary>
    public IEnumerable<UserOperation> Operations() => UserOperation.All.Where(operation => operation.Offered(Person, LockedOut));

    public string? DoneMessage => Done is null ? null
        : Done == "created" ? "Person added."
        : UserOperation.Find(Done)?.DoneMessage;
}
