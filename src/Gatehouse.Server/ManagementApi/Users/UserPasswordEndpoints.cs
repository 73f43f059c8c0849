using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.ManagementApi.Users;

/// <summary>
/// Okta's password lifecycle: <c>expire_password</c> (optionally with a temporary password), <c>reset_password</c>
/// (a one-time link to Gatehouse's reset page) and <c>POST /users/{id}/credentials/change_password</c>. Passwords
/// and tokens are never logged; policy failures are E0000001 with Okta's causes.
/// </summary>
internal static class UserPasswordEndpoints
{
    public static RouteGroupBuilder MapUserPasswordApi(this RouteGroupBuilder users)
    {
        users.MapPost("/{idOrLogin}/credentials/change_password", ChangePasswordAsync);
        return users;
    }

    /// <summary>PASSWORD_EXPIRED: the user must choose a new password at the next sign-in. <c>tempPassword=true</c> also replaces it.</summary>
    public static async Task<IResult> ExpirePasswordAsync(GatehouseUser user, HttpRequest request, GatehouseUserManager users, UserLifecycle lifecycle, string origin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (!TryReadFlag(request, "tempPassword", defaultValue: false, out var tempPassword))
        {
            return ManagementErrors.Validation("tempPassword", "tempPassword: must be true or false");
        }

        // The rule is UserLifecycle's, shared with the admin console.
        if (await lifecycle.ExpirePasswordAsync(user, temporaryPasswordFollows: tempPassword) is { } refused)
        {
            return UserLifecycleEndpoints.Refused(refused);
        }

        if (!tempPassword)
        {
            return TypedResults.Json(UserResource.ToJson(user, origin, now), ManagementJson.Options);
        }

        // A random password could, very rarely, contain the user's name: draw again.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var password = PasswordPolicy.NewTemporaryPassword();
            if ((await users.ReplacePasswordAsync(user, password, validate: true)).Succeeded)
            {
                return TypedResults.Json(new { tempPassword = password }, ManagementJson.Options);
            }
        }

        return ManagementErrors.Validation("password", PasswordPolicy.RequirementsCause);
    }

    /// <summary>
    /// RECOVERY with a one-time link valid for an hour. Gatehouse sends no email, so the link is returned whatever
    /// <c>sendEmail</c> says (Okta returns it only with <c>sendEmail=false</c>). A new link ends the earlier ones
    /// and the user's sessions (new security stamp).
    /// </summary>
    public static async Task<IResult> ResetPasswordAsync(GatehouseUser user, HttpRequest request, UserLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (!TryReadFlag(request, "sendEmail", defaultValue: true, out _))
        {
            return ManagementErrors.Validation("sendEmail", "sendEmail: must be true or false");
        }

        var (link, refused) = await lifecycle.ResetPasswordAsync(user);
        return refused is not null
            ? UserLifecycleEndpoints.Refused(refused)
            : TypedResults.Json(new { resetPasswordUrl = link }, ManagementJson.Options);
    }

    /// <summary>
    /// Okta: a wrong old password is 403 E0000014 "Update of credentials failed"; a new password against the policy
    /// is E0000001. Answers the user's credentials object.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(
        string idOrLogin, HttpRequest request, GatehouseUserManager users, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var user = await UsersEndpoints.FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<ChangePasswordBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var oldPassword = body!.OldPassword?.Value;
        var newPassword = body.NewPassword?.Value;
        var blank = new[] { ("oldPassword", oldPassword), ("newPassword", newPassword) }
            .Where(field => string.IsNullOrEmpty(field.Item2)).Select(field => $"{field.Item1}: The field cannot be left blank").ToList();
        if (blank.Count > 0)
        {
            return ManagementErrors.Validation(blank[0].Split(':')[0], blank);
        }

        if (user.Status is not (UserStatus.Active or UserStatus.PasswordExpired) || user.PasswordHash is null)
        {
            return UserLifecycleEndpoints.WrongStatus("Cannot change the password of a user that is not active");
        }

        if (!await users.CheckPasswordAsync(user, oldPassword!))
        {
            return ManagementErrors.Error(StatusCodes.Status403Forbidden, "E0000014", "Update of credentials failed",
                "oldPassword: The credentials provided were incorrect.");
        }

        var causes = await UserDirectory.CheckPasswordAsync(users, user, newPassword!);
        if (causes.Count > 0)
        {
            return ManagementErrors.Validation("password", causes);
        }

        if (user.Status == UserStatus.PasswordExpired)
        {
            UserTransitions.SetStatus(user, UserStatus.Active, timeProvider.GetUtcNow());
        }

        var result = await users.ReplacePasswordAsync(user, newPassword!, validate: false);
        return result.Succeeded
            ? TypedResults.Json(new { password = new { }, provider = new { type = "OKTA", name = "OKTA" } }, ManagementJson.Options)
            : ManagementErrors.Validation("password", PasswordPolicy.Causes(result.Errors));
    }

    private static bool TryReadFlag(HttpRequest request, string name, bool defaultValue, out bool value)
    {
        var text = request.Query[name].ToString();
        value = defaultValue;
        return text.Length == 0 || bool.TryParse(text, out value);
    }
}

/// <summary>The body of <c>change_password</c>: <c>{oldPassword:{value}, newPassword:{value}}</c>.</summary>
internal sealed class ChangePasswordBody
{
    public UserPasswordBody? OldPassword { get; set; }

    public UserPasswordBody? NewPassword { get; set; }
}
