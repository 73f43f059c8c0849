using Gatehouse.Server.Identity;
using Gatehouse.Server.ManagementApi.Users;
using Gatehouse.Server.SystemLog.AdminChanges;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Users;

/// <summary>
/// Add person: <c>POST /api/v1/users</c>'s rules (<see cref="UserDirectory"/>). With a password and activation the
/// person is ACTIVE; activated without one PROVISIONED, and the page shows a one-time set-password link; not
/// activated, STAGED.
/// </summary>
internal sealed class CreateModel(UserDirectory directory, UserLifecycle lifecycle, ConsoleChanges changes) : AdminPageModel
{
    [BindProperty]
    public NewPerson Input { get; set; } = new();

    /// <summary>The one-time set-password link of a person created without a password.</summary>
    public string? SetPasswordLink { get; private set; }

    public string? CreatedId { get; private set; }

    public string? CreatedLogin { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await IsSuperAdminAsync() ? Page() : ForbidAdmin();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        var body = new UserBody
        {
            Profile = new UserProfileBody { Login = Input.Login, Email = Input.Email, FirstName = Input.FirstName, LastName = Input.LastName },
            Credentials = Input.PasswordChoice == "set" ? new UserCredentialsBody { Password = new UserPasswordBody { Value = Input.Password ?? string.Empty } } : null,
        };
        var (user, causes) = await directory.CreateAsync(body, Input.Activate, changePassword: false, HttpContext.RequestAborted);
        if (user is null)
        {
            AddCauses(causes);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await changes.RecordAsync(User, "POST", "/users", await changes.TargetsAsync(HttpContext.RequestAborted, ("users", user.Id)));
        if (user.PasswordHash is null && Input.Activate)
        {
            (SetPasswordLink, _) = await lifecycle.SetPasswordLinkAsync(user);
            (CreatedId, CreatedLogin) = (user.Id, user.UserName);
            return Page();
        }

        return Redirect($"/admin/users/{user.Id}?done=created");
    }

    public sealed class NewPerson
    {
        public string? Login { get; set; }

        public string? Email { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        /// <summary><c>set</c>: the admin types a password; <c>link</c>: the person sets one through a one-time link.</summary>
        public string PasswordChoice { get; set; } = "link";

        public string? Password { get; set; }

        public bool Activate { get; set; } = true;
    }
}
