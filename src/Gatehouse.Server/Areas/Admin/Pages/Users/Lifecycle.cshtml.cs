using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.SystemLog.AdminChanges;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gatehouse.Server.Areas.Admin.Pages.Users;

/// <summary>
/// One lifecycle operation on a person: the GET explains it and holds the POST form (the confirm page of destructive
/// operations); the POST runs it through <see cref="UserLifecycle"/> — the rules of <c>/api/v1/users/{id}/lifecycle</c>
/// and <c>DELETE /api/v1/users/{id}</c> — and records it in the System Log as the API would.
/// </summary>
internal sealed class LifecycleModel(UserManager<GatehouseUser> users, UserLifecycle lifecycle, ConsoleChanges changes) : AdminPageModel
{
    public GatehouseUser Person { get; private set; } = null!;

    public UserOperation Operation { get; private set; } = null!;

    /// <summary>The one-time link of reset_password or set_password, shown once after the POST.</summary>
    public string? Link { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string operation) =>
        await LoadAsync(id, operation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, string operation)
    {
        if (!await LoadAsync(id, operation))
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        var targets = await changes.TargetsAsync(HttpContext.RequestAborted, ("users", Person.Id));
        LifecycleRefusal? refused;
        switch (operation)
        {
            case "reset_password":
            case "set_password":
                (Link, refused) = operation == "reset_password" ? await lifecycle.ResetPasswordAsync(Person) : await lifecycle.SetPasswordLinkAsync(Person);
                if (refused is null)
                {
                    // The API's reset_password answers the same link; Okta records both as a password reset.
                    await changes.RecordAsync(User, "POST", "/users/{}/lifecycle/reset_password", targets);
                    return Page();
                }

                break;
            case "expire_password":
                refused = await lifecycle.ExpirePasswordAsync(Person);
                if (refused is null)
                {
                    await changes.RecordAsync(User, "POST", "/users/{}/lifecycle/expire_password", targets);
                    return Redirect($"/admin/users/{Person.Id}?done=expire_password");
                }

                break;
            case "delete":
                var (deleted, result) = await lifecycle.DeleteAsync(Person);
                if (!result.Succeeded)
                {
                    Errors.AddRange(result.Errors.Select(error => error.Description));
                    return Refuse();
                }

                await changes.RecordAsync(User, "DELETE", "/users/{}", targets, deleted ? (AdminEventTypes.UserDelete, "Delete Okta user") : null);
                return Redirect(deleted ? "/admin/users?deleted=" + Uri.EscapeDataString(Person.UserName ?? string.Empty) : $"/admin/users/{Person.Id}?done=deactivate");
            default:
                refused = await lifecycle.ApplyAsync(Person, operation);
                if (refused is null)
                {
                    await changes.RecordAsync(User, "POST", $"/users/{{}}/lifecycle/{operation}", targets);
                    return Redirect($"/admin/users/{Person.Id}?done={operation}");
                }

                break;
        }

        Errors.Add(refused!.Message);
        return Refuse();
    }

    private PageResult Refuse()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, string operation)
    {
        if (UserOperation.Find(operation) is not { } known || await users.FindByIdAsync(id) is not { } person)
        {
            return false;
        }

        (Operation, Person) = (known, person);
        return true;
    }
}
