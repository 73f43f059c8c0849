using Gatehouse.Core.Users;
using Gatehouse.Server.ManagementApi.Search;
using Gatehouse.Server.ManagementApi.Users;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Identity;

/// <summary>
/// The directory's user rules, shared by <c>/api/v1/users</c> and the admin console (one code path per rule): Okta's
/// profile validation, unique logins, the password policy (Identity's validators), the statuses a new user gets, and
/// the list's <c>q</c>/<c>search</c>. Failures are Okta causes (<c>field: message</c>).
/// </summary>
internal sealed class UserDirectory(GatehouseUserManager users, GatehouseDbContext database, TimeProvider timeProvider)
{
    private const int MaxFieldLength = 100;

    /// <summary>
    /// <c>activate</c>: with a password the user is ACTIVE (PASSWORD_EXPIRED with <paramref name="changePassword"/>),
    /// without one PROVISIONED (the user must still set a password); not activated, STAGED. <c>groupIds</c> adds it to groups.
    /// </summary>
    public async Task<(GatehouseUser? User, List<string> Causes)> CreateAsync(UserBody body, bool activate, bool changePassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var now = timeProvider.GetUtcNow();
        var user = new GatehouseUser { Created = now, LastUpdated = now };
        var password = body.Credentials?.Password?.Value;
        var causes = ApplyProfile(user, body.Profile ?? new UserProfileBody(), replace: true);
        causes.AddRange(await CheckLoginAsync(users, user, body.Profile?.Login));
        if (password is not null)
        {
            causes.AddRange(await CheckPasswordAsync(users, user, password));
        }

        var (groups, groupCauses) = await UserGroups.FindAsync(database, body.GroupIds, cancellationToken);
        causes.AddRange(groupCauses);
        if (causes.Count > 0)
        {
            return (null, causes);
        }

        user.Status = !activate ? UserStatus.Staged
            : password is null ? UserStatus.Provisioned
            : changePassword ? UserStatus.PasswordExpired
            : UserStatus.Active;
        if (activate)
        {
            // Okta: an activated user has "activated" and "statusChanged"; a STAGED one has neither yet.
            user.StatusChanged = now;
            user.Activated = user.Status is UserStatus.Active or UserStatus.PasswordExpired ? now : null;
        }

        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (null, IdentityCauses(result));
        }

        await UserGroups.AddAsync(database, user, groups, now, cancellationToken);
        return (user, []);
    }

    /// <summary>
    /// <c>q</c>: a case-insensitive prefix of login, email, first or last name; <c>search</c>: a SCIM-like expression.
    /// Without either, Okta lists every user but the deprovisioned ones. Null when the expression is invalid.
    /// </summary>
    public IQueryable<GatehouseUser>? Query(string prefix, string search)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(search);
        var query = database.Users.AsNoTracking();
        if (prefix.Length > 0)
        {
            // Four LIKE prefixes on NOCASE-indexed columns (Storage/Configurations): SQLite answers each from its index
            // and unions the rows (the OR optimization) instead of scanning the table.
            var pattern = SearchExpression.EscapeLike(prefix) + "%";
            query = query.Where(user => EF.Functions.Like(user.UserName, pattern, "\\") || EF.Functions.Like(user.Email, pattern, "\\")
                || EF.Functions.Like(user.FirstName, pattern, "\\") || EF.Functions.Like(user.LastName, pattern, "\\"));
        }

        if (search.Length > 0)
        {
            if (SearchExpression.TryParse(search, UserResource.SearchAttributes, UserResource.SearchDates) is not { } predicate)
            {
                return null;
            }

            query = query.Where(predicate);
        }
        else if (prefix.Length == 0)
        {
            query = query.Where(user => user.Status != UserStatus.Deprovisioned);
        }

        return query;
    }

    /// <summary>Copies the profile onto the user; with <paramref name="replace"/>, missing attributes are cleared. Returns the causes.</summary>
    public static List<string> ApplyProfile(GatehouseUser user, UserProfileBody profile, bool replace)
    {
        string? Pick(string? sent, string? current) => replace ? sent : sent ?? current;

        user.UserName = Pick(profile.Login?.Trim(), user.UserName);
        user.Email = Pick(profile.Email?.Trim(), user.Email);
        user.FirstName = Pick(profile.FirstName, user.FirstName);
        user.LastName = Pick(profile.LastName, user.LastName);
        user.Locale = Pick(profile.Locale, user.Locale);
        user.TimeZone = Pick(profile.TimeZone, user.TimeZone);
        user.PhoneNumber = Pick(profile.MobilePhone, user.PhoneNumber);

        // Okta's default profile requires login, email, firstName and lastName.
        var causes = new List<string>();
        foreach (var (name, value) in new[] { ("login", user.UserName), ("email", user.Email), ("firstName", user.FirstName), ("lastName", user.LastName) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                causes.Add($"{name}: The field cannot be left blank");
            }
            else if (value.Length > MaxFieldLength)
            {
                causes.Add($"{name}: The field cannot exceed {MaxFieldLength} characters");
            }
        }

        if (!string.IsNullOrWhiteSpace(user.Email) && !System.Net.Mail.MailAddress.TryCreate(user.Email, out _))
        {
            causes.Add("email: Does not match required pattern");
        }

        return causes;
    }

    /// <summary>Logins are unique regardless of case (Identity's normalized user name).</summary>
    public static async Task<List<string>> CheckLoginAsync(UserManager<GatehouseUser> users, GatehouseUser user, string? login)
    {
        if (string.IsNullOrWhiteSpace(login))
        {
            return [];
        }

        return await users.FindByNameAsync(login.Trim()) is { } existing && existing.Id != user.Id
            ? ["login: An object with this field already exists in the current organization"]
            : [];
    }

    /// <summary>The password policy is Identity's validators (Identity/PasswordPolicy.cs); Okta's causes never echo the password.</summary>
    public static async Task<List<string>> CheckPasswordAsync(UserManager<GatehouseUser> users, GatehouseUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return [.. PasswordPolicy.Causes(errors)];
    }

    /// <summary>Identity's errors as Okta causes (login first, the password's without echoing it).</summary>
    public static List<string> IdentityCauses(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [
            .. result.Errors.Where(error => !IsPasswordError(error))
                .Select(error => error.Code.Contains("UserName", StringComparison.Ordinal) ? "login: " + error.Description : error.Description),
            .. PasswordPolicy.Causes(result.Errors.Where(IsPasswordError)),
        ];
    }

    private static bool IsPasswordError(IdentityError error) => error.Code.Contains("Password", StringComparison.Ordinal);
}
