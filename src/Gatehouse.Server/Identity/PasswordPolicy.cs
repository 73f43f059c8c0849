using System.Security.Cryptography;

using Gatehouse.Core.Users;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.Identity;

/// <summary>
/// The one password policy (Okta's default): at least 8 characters, a lower-case and an upper-case letter, a
/// number, no part of the login nor the first or last name, none of the last 4 passwords. Identity runs it through
/// its options and validators wherever a password is set: API, seed, sign-in change, reset link.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinimumLength = 8;

    /// <summary>Okta's default history: the current password and the 3 before it cannot be reused.</summary>
    public const int HistoryCount = 4;

    /// <summary>Identity error codes of Gatehouse's own validators.</summary>
    public const string HistoryErrorCode = "PasswordHistory";
    public const string UserAttributeErrorCode = "PasswordContainsUserAttribute";

    /// <summary>Okta's error cause for any policy failure but the history (its wording, with excludeAttributes).</summary>
    public const string RequirementsCause = "password: Password requirements were not met. Password requirements: at least 8 characters, "
        + "a lowercase letter, an uppercase letter, a number, no parts of your username, does not include your first name, "
        + "does not include your last name. Your password cannot be any of your last 4 passwords.";

    /// <summary>Okta's error cause for a password in the history.</summary>
    public const string HistoryCause = "password: Password has been used too recently";

    public static void Configure(PasswordOptions password)
    {
        password.RequiredLength = MinimumLength;
        password.RequireLowercase = true;
        password.RequireUppercase = true;
        password.RequireDigit = true;
        password.RequireNonAlphanumeric = false;
        password.RequiredUniqueChars = 1;
    }

    public static IdentityBuilder AddGatehousePasswordPolicy(this IdentityBuilder identity)
    {
        identity.AddPasswordValidator<UserAttributesPasswordValidator>();
        identity.AddPasswordValidator<PasswordHistoryValidator>();
        return identity;
    }

    /// <summary>The API's error causes for Identity's password errors: Okta's two messages, never the password.</summary>
    public static IEnumerable<string> Causes(IEnumerable<IdentityError> errors)
    {
        var list = errors.ToList();
        if (list.Any(error => error.Code == HistoryErrorCode))
        {
            yield return HistoryCause;
        }

        if (list.Any(error => error.Code != HistoryErrorCode))
        {
            yield return RequirementsCause;
        }
    }

    /// <summary>
    /// A random password that meets the policy (Okta's <c>tempPassword</c>): 16 characters from an alphabet without
    /// look-alikes, with at least one of each required class.
    /// </summary>
    public static string NewTemporaryPassword()
    {
        const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string Lower = "abcdefghijkmnopqrstuvwxyz";
        const string Digits = "23456789";
        var characters = new char[16];
        characters[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        characters[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        characters[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var index = 3; index < characters.Length; index++)
        {
            characters[index] = RandomNumberGenerator.GetItems<char>(Upper + Lower + Digits, 1)[0];
        }

        RandomNumberGenerator.Shuffle(characters.AsSpan());
        return new string(characters);
    }
}

/// <summary>Okta's excludeUsername and excludeAttributes (firstName, lastName): compared case-insensitively.</summary>
internal sealed class UserAttributesPasswordValidator : IPasswordValidator<GatehouseUser>
{
    // Shorter parts ("Al", "Li") would reject many good passwords for a negligible gain.
    private const int ShortestPart = 3;

    public Task<IdentityResult> ValidateAsync(UserManager<GatehouseUser> manager, GatehouseUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var login = user.UserName ?? string.Empty;
        var parts = new[] { login, login.Split('@')[0], user.FirstName, user.LastName };
        var contained = password is not null && parts.Any(part =>
            part is { Length: >= ShortestPart } && password.Contains(part.Trim(), StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(contained
            ? IdentityResult.Failed(new IdentityError { Code = PasswordPolicy.UserAttributeErrorCode, Description = "The password cannot contain your username, first name or last name." })
            : IdentityResult.Success);
    }
}
