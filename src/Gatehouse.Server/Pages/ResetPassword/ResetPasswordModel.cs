using System.ComponentModel.DataAnnotations;

using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gatehouse.Server.Pages.ResetPassword;

/// <summary>
/// The page behind Okta's <c>resetPasswordUrl</c>: a user in RECOVERY sets a new password (policy enforced). A
/// user without a password (the first admin made by <c>gatehouse register</c>) chooses one through the same link.
/// The link works once (the new password changes the security stamp the token is bound to) and for an hour.
/// </summary>
public sealed class ResetPasswordModel(UserManager<GatehouseUser> users, TimeProvider timeProvider) : PageModel
{
    public const string InvalidLinkMessage = "This password reset link is invalid, has expired or was already used.";

    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool Done { get; private set; }

    /// <summary>The user has no password yet: the page says "choose" rather than "reset".</summary>
    public bool ChoosesFirstPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token) =>
        await FindAsync(token) is null ? Show(StatusCodes.Status404NotFound, [InvalidLinkMessage]) : Page();

    public async Task<IActionResult> OnPostAsync(string token)
    {
        if (await FindAsync(token) is not { } found)
        {
            return Show(StatusCodes.Status404NotFound, [InvalidLinkMessage]);
        }

        if (!ModelState.IsValid)
        {
            return Show(StatusCodes.Status400BadRequest, ["Enter the new password twice."]);
        }

        if (!string.Equals(Input.NewPassword, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            return Show(StatusCodes.Status400BadRequest, ["The new passwords do not match."]);
        }

        var (user, identityToken) = found;
        var previousStatus = user.Status;
        UserTransitions.SetStatus(user, UserStatus.Active, timeProvider.GetUtcNow());
        var result = await users.ResetPasswordAsync(user, identityToken, Input.NewPassword);
        if (!result.Succeeded)
        {
            user.Status = previousStatus;
            return Show(StatusCodes.Status400BadRequest, ["Your new password does not meet the password requirements.", .. result.Errors.Select(error => error.Description)]);
        }

        Done = true;
        return Page();
    }

    /// <summary>
    /// The user of a valid link: known, in RECOVERY (or without any password yet), token valid (not expired, stamp
    /// unchanged).
    /// </summary>
    private async Task<(GatehouseUser User, string IdentityToken)?> FindAsync(string token)
    {
        if (!ResetPasswordLink.TryRead(token, out var userId, out var identityToken)
            || await users.FindByIdAsync(userId) is not { } user
            || (user.Status != UserStatus.Recovery && (user.PasswordHash is not null || user.Status is not (UserStatus.Active or UserStatus.Provisioned)))
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<GatehouseUser>.ResetPasswordTokenPurpose, identityToken))
        {
            return null;
        }

        ChoosesFirstPassword = user.PasswordHash is null;
        return (user, identityToken);
    }

    private PageResult Show(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        Input = new ResetPasswordInput();
        Response.StatusCode = status;
        return Page();
    }
}

public sealed class ResetPasswordInput
{
    [Required]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = string.Empty;

    [Required]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = string.Empty;
}
