using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Search;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Users;

/// <summary>
/// <c>/api/v1/users</c>: create, get (by id or login), partial (<c>POST</c>) and full (<c>PUT</c>) update, list and
/// search users (okta-reference.md §3). Passwords go through Identity's validators — the one password policy.
/// </summary>
internal static class UsersEndpoints
{
    private const int MaxFieldLength = 100;

    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users");
        users.MapGet("/", ListAsync);
        users.MapPost("/", CreateAsync);
        users.MapGet("/{idOrLogin}", GetAsync);
        users.MapPost("/{idOrLogin}", (string idOrLogin, HttpRequest request, GatehouseUserManager manager, IssuerRegistry issuers, TimeProvider time, CancellationToken cancellationToken) =>
            UpdateAsync(idOrLogin, replace: false, request, manager, issuers, time, cancellationToken));
        users.MapPut("/{idOrLogin}", (string idOrLogin, HttpRequest request, GatehouseUserManager manager, IssuerRegistry issuers, TimeProvider time, CancellationToken cancellationToken) =>
            UpdateAsync(idOrLogin, replace: true, request, manager, issuers, time, cancellationToken));
        users.MapUserLifecycleApi();
        users.MapUserPasswordApi();
        return api;
    }

    /// <summary>The user named by an id or, failing that, by a login (Okta accepts both in the path).</summary>
    public static async Task<GatehouseUser?> FindAsync(UserManager<GatehouseUser> users, string idOrLogin) =>
        await users.FindByIdAsync(idOrLogin) ?? await users.FindByNameAsync(idOrLogin);

    /// <summary>
    /// <c>q</c>: a case-insensitive prefix of login, email, first or last name; <c>search</c> (or <c>filter</c>): a
    /// SCIM-like expression. Without either, Okta lists every user but the deprovisioned ones.
    /// </summary>
    private static async Task<IResult> ListAsync(
        HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        var query = database.Users.AsNoTracking();
        var prefix = http.Request.Query["q"].ToString();
        var search = http.Request.Query["search"].ToString() is { Length: > 0 } text ? text : http.Request.Query["filter"].ToString();
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
                return ManagementErrors.InvalidSearch();
            }

            query = query.Where(predicate);
        }
        else if (prefix.Length == 0)
        {
            query = query.Where(user => user.Status != UserStatus.Deprovisioned);
        }

        var fetched = await page.Apply(query, user => user.Id).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, user => user.Id, http, issuers.Origin);
        var now = clock.GetUtcNow();
        return TypedResults.Json(results.Select(user => UserResource.ToJson(user, issuers.Origin, now)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(string idOrLogin, UserManager<GatehouseUser> users, IssuerRegistry issuers, TimeProvider clock) =>
        await FindAsync(users, idOrLogin) is { } user
            ? TypedResults.Json(UserResource.ToJson(user, issuers.Origin, clock.GetUtcNow()), ManagementJson.Options)
            : ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);

    /// <summary>
    /// <c>activate</c> (default true): with a password the user is ACTIVE, without one PROVISIONED (Okta: the user
    /// must still set a password); <c>activate=false</c> creates a STAGED user. <c>nextLogin=changePassword</c>
    /// makes an activated user PASSWORD_EXPIRED; <c>groupIds</c> (at most 20 OKTA_GROUPs) adds it to groups.
    /// </summary>
    private static async Task<IResult> CreateAsync(
        HttpRequest request, GatehouseUserManager users, GatehouseDbContext database, IssuerRegistry issuers, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var activateText = request.Query["activate"].ToString();
        if (activateText.Length > 0 && !bool.TryParse(activateText, out _))
        {
            return ManagementErrors.Validation("activate", "activate: must be true or false");
        }

        var nextLogin = request.Query["nextLogin"].ToString();
        if (nextLogin.Length > 0 && nextLogin != "changePassword")
        {
            return ManagementErrors.Validation("nextLogin", "nextLogin: must be changePassword");
        }

        var activate = activateText.Length == 0 || bool.Parse(activateText);
        var (body, error) = await ManagementJson.ReadBodyAsync<UserBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var now = timeProvider.GetUtcNow();
        var user = new GatehouseUser { Created = now, LastUpdated = now };
        var password = body!.Credentials?.Password?.Value;
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
            return ManagementErrors.Validation(causes[0].Split(':')[0], causes);
        }

        user.Status = !activate ? UserStatus.Staged
            : password is null ? UserStatus.Provisioned
            : nextLogin.Length > 0 ? UserStatus.PasswordExpired
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
            return IdentityErrors(result);
        }

        await UserGroups.AddAsync(database, user, groups, now, cancellationToken);
        return TypedResults.Json(UserResource.ToJson(user, issuers.Origin, now), ManagementJson.Options);
    }

    /// <summary>
    /// <c>POST</c> merges: the profile attributes sent replace the stored ones, the others stay. <c>PUT</c> replaces
    /// the whole profile: an attribute left out is cleared (and the required ones must be there).
    /// </summary>
    private static async Task<IResult> UpdateAsync(
        string idOrLogin, bool replace, HttpRequest request, GatehouseUserManager users, IssuerRegistry issuers, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var user = await FindAsync(users, idOrLogin);
        if (user is null)
        {
            return ManagementErrors.NotFound(idOrLogin, UserResource.ResourceName);
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<UserBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var password = body!.Credentials?.Password?.Value;
        var causes = body.Profile is null && !replace ? [] : ApplyProfile(user, body.Profile ?? new UserProfileBody(), replace);
        if (body.Profile?.Login is { } login)
        {
            causes.AddRange(await CheckLoginAsync(users, user, login));
        }

        if (password is not null)
        {
            causes.AddRange(await CheckPasswordAsync(users, user, password));
        }

        if (causes.Count > 0)
        {
            return ManagementErrors.Validation(causes[0].Split(':')[0], causes);
        }

        var now = timeProvider.GetUtcNow();
        user.LastUpdated = now;
        if (password is not null && user.Status == UserStatus.Provisioned)
        {
            UserTransitions.SetStatus(user, UserStatus.Active, now);
        }

        // A new password (validated above) ends the sessions made with the old one; either call saves the user.
        var result = password is null ? await users.UpdateAsync(user) : await users.ReplacePasswordAsync(user, password, validate: false);

        return result.Succeeded
            ? TypedResults.Json(UserResource.ToJson(user, issuers.Origin, now), ManagementJson.Options)
            : IdentityErrors(result);
    }

    /// <summary>Copies the profile onto the user; with <paramref name="replace"/>, missing attributes are cleared. Returns the causes.</summary>
    private static List<string> ApplyProfile(GatehouseUser user, UserProfileBody profile, bool replace)
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
    private static async Task<List<string>> CheckLoginAsync(UserManager<GatehouseUser> users, GatehouseUser user, string? login)
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

    private static IResult IdentityErrors(IdentityResult result) =>
        ManagementErrors.Validation("login", [
            .. result.Errors.Where(error => !IsPasswordError(error))
                .Select(error => error.Code.Contains("UserName", StringComparison.Ordinal) ? "login: " + error.Description : error.Description),
            .. PasswordPolicy.Causes(result.Errors.Where(IsPasswordError)),
        ]);

    private static bool IsPasswordError(IdentityError error) => error.Code.Contains("Password", StringComparison.Ordinal);
}

/// <summary>The body of <c>POST</c>/<c>PUT /api/v1/users</c>.</summary>
internal sealed class UserBody
{
    public UserProfileBody? Profile { get; set; }

    public UserCredentialsBody? Credentials { get; set; }

    /// <summary>Okta: groups to add a new user to (<c>POST /api/v1/users</c> only).</summary>
    public List<string>? GroupIds { get; set; }
}

internal sealed class UserProfileBody
{
    public string? Login { get; set; }

    public string? Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Locale { get; set; }

    public string? TimeZone { get; set; }

    public string? MobilePhone { get; set; }
}

internal sealed class UserCredentialsBody
{
    public UserPasswordBody? Password { get; set; }
}

internal sealed class UserPasswordBody
{
    public string? Value { get; set; }
}
