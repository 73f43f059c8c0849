using Gatehouse.Core.Users;
using Gatehouse.Server.SystemLog;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gatehouse.Server.Pages.SignIn;

/// <summary>
/// The hosted sign-in page. Unknown user, wrong password, locked or inactive account all get one message and cost
/// one password hash, so neither the text nor the timing tells whether an account exists.
/// </summary>
public sealed class SignInModel(
    SignInManager<GatehouseUser> signIn,
    UserManager<GatehouseUser> users,
    TimeProvider timeProvider,
    SignInEvents events) : PageModel
{
    public const string FailureMessage = "Unable to sign in. Check your username and password.";

    // Made once by the configured hasher, so that it has the same algorithm and iteration count as real hashes.
    private static string? s_decoyHash;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorMessage { get; private set; }

    public static string PathFor(string returnUrl, string? loginHint) =>
        "/signin" + QueryString.Create([new("returnUrl", returnUrl), .. loginHint is null ? [] : new KeyValuePair<string, string?>[] { new("login_hint", loginHint) }]);

    public void OnGet([FromQuery(Name = "login_hint")] string? loginHint)
    {
        Input.Username = loginHint ?? string.Empty;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            ErrorMessage = "Enter your username and password.";
            return Page();
        }

        var user = await users.FindByNameAsync(Input.Username);
        // Identity's CheckPasswordSignInAsync returns without hashing for a locked-out account or one without a
        // password: those, like unknown and inactive users, spend one hash here instead.
        if (user is not { Status: UserStatus.Active or UserStatus.PasswordExpired, PasswordHash: not null } || await users.IsLockedOutAsync(user))
        {
            // Spend the same hash time as a real check (RFC 9700 is silent; OWASP authentication cheat sheet).
            s_decoyHash ??= users.PasswordHasher.HashPassword(new GatehouseUser(), Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(user ?? new GatehouseUser(), user?.PasswordHash ?? s_decoyHash, Input.Password);
            await events.FailedAsync(user, Input.Username, user is not null && await users.IsLockedOutAsync(user));
            return Fail();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await events.FailedAsync(user, Input.Username, lockedOut: false, lockedNow: result.IsLockedOut);
            return Fail();
        }

        var returnUrl = ReturnUrl is { Length: > 0 } && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        if (user.Status == UserStatus.PasswordExpired)
        {
            // No session yet: the user proves the current password again on the change page (stateless, CSRF-bound).
            return LocalRedirect(ChangePasswordModel.PathFor(returnUrl, user.UserName!));
        }

        await CompleteAsync(signIn, user, timeProvider.GetUtcNow());
        await events.SucceededAsync(user);
        return LocalRedirect(returnUrl);
    }

    /// <summary>Records Okta's <c>lastLogin</c> and starts the SSO session.</summary>
    internal static async Task CompleteAsync(SignInManager<GatehouseUser> signIn, GatehouseUser user, DateTimeOffset now)
    {
        user.LastLogin = now;
        await signIn.UserManager.UpdateAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [SessionClaims.AuthenticationTime(now)]);
    }

    private PageResult Fail()
    {
        ErrorMessage = FailureMessage;
        Input.Password = string.Empty;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
