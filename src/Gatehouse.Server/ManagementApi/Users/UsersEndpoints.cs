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
        HttpContext http, UserDirectory directory, IssuerRegistry issuers, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        var search = http.Request.Query["search"].ToString() is { Length: > 0 } text ? text : http.Request.Query["filter"].ToString();
        if (directory.Query(http.Request.Query["q"].ToString(), search) is not { } query)
        {
            return ManagementErrors.InvalidSearch();
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
        HttpRequest request, UserDirectory directory, IssuerRegistry issuers, CancellationToken cancellationToken)
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

        var (user, causes) = await directory.CreateAsync(body!, activate, changePassword: nextLogin.Length > 0, cancellationToken);
        return causes.Count > 0
            ? ManagementErrors.Validation(causes[0].Split(':')[0], causes)
            : TypedResults.Json(UserResource.ToJson(user!, issuers.Origin, user!.Created), ManagementJson.Options);
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
        var causes = body.Profile is null && !replace ? [] : UserDirectory.ApplyProfile(user, body.Profile ?? new UserProfileBody(), replace);
        if (body.Profile?.Login is { } login)
        {
            causes.AddRange(await UserDirectory.CheckLoginAsync(users, user, login));
        }

        if (password is not null)
        {
            causes.AddRange(await UserDirectory.CheckPasswordAsync(users, user, password));
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

    private static IResult IdentityErrors(IdentityResult result) =>
        ManagementErrors.Validation("login", UserDirectory.IdentityCauses(result));
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
