using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gatehouse.Server.Pages.SignIn;

/// <summary>
/// Okta's expired-password step: a PASSWORD_EXPIRED user chooses a new password (current, new, confirm) before the
/// OIDC flow continues. Nothing is remembered between the pages: the current password is checked again here (with
/// lockout), so this page grants nothing the sign-in page does not.
/// </summary>
public sealed class ChangePasswordModel(
    SignInManager<GatehouseUser> signIn,
    UserManager<GatehouseUser> users,
    TimeProvider timeProvider) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public static string PathFor(string returnUrl, string username) =>
        "/signin/change-password" + QueryString.Create([new KeyValuePair<string, string?>("returnUrl", returnUrl), new("username", username)]);

    public void OnGet([FromQuery] string? username)
    {
        Input.Username = username ?? string.Empty;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Show(StatusCodes.Status400BadRequest, ["Enter your current password and a new password twice."]);
        }

        var user = await users.FindByNameAsync(Input.Username);
        if (user is not { Status: UserStatus.PasswordExpired, PasswordHash: not null }
            || !(await signIn.CheckPasswordSignInAsync(user, Input.CurrentPassword, lockoutOnFailure: true)).Succeeded)
        {
            // Same answer as the sign-in page: nothing tells whether the account exists or is expired.
            return Show(StatusCodes.Status401Unauthorized, [SignInModel.FailureMessage]);
        }

        if (!string.Equals(Input.NewPassword, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            return Show(StatusCodes.Status400BadRequest, ["The new passwords do not match."]);
        }

        var now = timeProvider.GetUtcNow();
        UserTransitions.SetStatus(user, UserStatus.Active, now);
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            // ChangePasswordAsync saved nothing; the tracked user must not keep the new status either.
            user.Status = UserStatus.PasswordExpired;
            return Show(StatusCodes.Status400BadRequest, ["Your new password does not meet the password requirements.", .. result.Errors.Select(error => error.Description)]);
        }

        await SignInModel.CompleteAsync(signIn, user, now);
        return LocalRedirect(ReturnUrl is { Length: > 0 } && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private PageResult Show(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        Input.CurrentPassword = Input.NewPassword = Input.ConfirmPassword = string.Empty;
        Response.StatusCode = status;
        return Page();
    }
}
