using System.ComponentModel.DataAnnotations;

using Gatehouse.Core.Users;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gatehouse.Server.Pages.SetPassword;

/// <summary>
/// The page a set-password link opens (from <c>gatehouse register</c>, or a password reset). The token is an
/// Identity password-reset token (Registration/SetPasswordTokenProvider): it expires, and setting the password
/// changes the security stamp, which spends it. The password policy is Identity's validators'. Razor Pages check
/// the antiforgery token on every POST.
/// </summary>
public sealed class SetPasswordModel(UserManager<GatehouseUser> users) : PageModel
{
    public const string DeadLinkMessage = "This link has expired or was already used. Ask an administrator for a new one.";

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;

    [BindProperty]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = string.Empty;

    public string? Login { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool LinkDead { get; private set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await ValidUserAsync();
        if (user is null)
        {
            return Dead();
        }

        Login = user.UserName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await ValidUserAsync();
        if (user is null)
        {
            return Dead();
        }

        Login = user.UserName;
        if (Password != ConfirmPassword)
        {
            return Invalid(["The passwords do not match."]);
        }

        var result = await users.ResetPasswordAsync(user, Token!, Password);
        if (!result.Succeeded)
        {
            return Invalid([.. result.Errors.Select(error => error.Description)]);
        }

        Done = true;
        return Page();
    }

    private async Task<GatehouseUser?> ValidUserAsync()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token) || Token.Length > 2048 || await users.FindByIdAsync(UserId) is not { } user)
        {
            return null;
        }

        var valid = user.Status is UserStatus.Active or UserStatus.Provisioned or UserStatus.Recovery or UserStatus.PasswordExpired
            && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<GatehouseUser>.ResetPasswordTokenPurpose, Token);
        return valid ? user : null;
    }

    private PageResult Invalid(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Password = ConfirmPassword = string.Empty;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Dead()
    {
        LinkDead = true;
        // 410 Gone: the link existed and is spent or expired (an unknown one gets the same answer).
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
