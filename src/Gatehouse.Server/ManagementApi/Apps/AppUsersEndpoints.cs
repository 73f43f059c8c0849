using Gatehouse.Core.Apps;
using Gatehouse.Core.Groups;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Users;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// User assignments (Okta's app users): <c>POST /apps/{id}/users</c> with <c>{id}</c> assigns a user directly
/// (<c>scope: "USER"</c>); the list and get also show users assigned through a group (<c>scope: "GROUP"</c>), as
/// Okta does. Only a direct assignment can be removed here; a group's is removed with the group assignment.
/// </summary>
internal static class AppUsersEndpoints
{
    private const string AssignmentResourceName = "AppUser";

    public static RouteGroupBuilder MapAppUsersApi(this RouteGroupBuilder apps)
    {
        apps.MapGet("/{appId}/users", ListAsync);
        apps.MapPost("/{appId}/users", AssignAsync);
        apps.MapGet("/{appId}/users/{userId}", GetAsync);
        apps.MapDelete("/{appId}/users/{userId}", UnassignAsync);
        return apps;
    }

    private static async Task<IResult> ListAsync(
        string appId, HttpContext http, OidcAppStore store, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        if (await store.FindAsync(appId, cancellationToken) is null)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        var groups = database.AppGroupAssignments.Where(assignment => assignment.AppId == appId);
        var everyone = await groups.Join(database.Groups, assignment => assignment.GroupId, group => group.Id, (assignment, group) => group)
            .AnyAsync(group => group.Type == GroupType.BuiltIn, cancellationToken);
        var users = database.Users.AsNoTracking();
        if (!everyone)
        {
            users = users.Where(user => database.AppUserAssignments.Any(assignment => assignment.AppId == appId && assignment.UserId == user.Id)
                || database.GroupMemberships.Any(membership => membership.UserId == user.Id && groups.Any(assignment => assignment.GroupId == membership.GroupId)));
        }

        var fetched = await page.Apply(users, user => user.Id).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, user => user.Id, http, issuers.Origin);
        var ids = results.Select(user => user.Id).ToList();
        var direct = await database.AppUserAssignments.AsNoTracking()
            .Where(assignment => assignment.AppId == appId && ids.Contains(assignment.UserId))
            .ToDictionaryAsync(assignment => assignment.UserId, cancellationToken);
        return TypedResults.Json(results.Select(user => ToJson(appId, user, direct.GetValueOrDefault(user.Id), issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(
        string appId, string userId, OidcAppStore store, GatehouseDbContext database, AppAssignments assignments, IssuerRegistry issuers,
        CancellationToken cancellationToken)
    {
        var (user, notFound) = await FindAsync(appId, userId, store, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        if (await database.AppUserAssignments.FindAsync([appId, userId], cancellationToken) is { } direct)
        {
            return TypedResults.Json(ToJson(appId, user!, direct, issuers.Origin), ManagementJson.Options);
        }

        return await assignments.IsUserAssignedAsync(appId, userId, cancellationToken)
            ? TypedResults.Json(ToJson(appId, user!, null, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.NotFound(userId, AssignmentResourceName);
    }

    /// <summary>Idempotent: assigning an assigned user answers the existing assignment.</summary>
    private static async Task<IResult> AssignAsync(
        string appId, HttpRequest request, OidcAppStore store, AppService apps, GatehouseDbContext database, IssuerRegistry issuers,
        CancellationToken cancellationToken)
    {
        var (body, error) = await ManagementJson.ReadBodyAsync<AppUserBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Id))
        {
            return ManagementErrors.Validation("id", "id: The field cannot be left blank");
        }

        if (body.Scope is not null and not "USER")
        {
            return ManagementErrors.Validation("scope", "scope: Only USER assignments can be made here; assign a group with PUT /apps/{id}/groups/{groupId}");
        }

        var (user, notFound) = await FindAsync(appId, body.Id, store, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var assignment = await apps.AssignUserAsync(appId, user!.Id, cancellationToken);

        return TypedResults.Json(ToJson(appId, user, assignment, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> UnassignAsync(
        string appId, string userId, OidcAppStore store, AppService apps, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var (_, notFound) = await FindAsync(appId, userId, store, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        return await apps.UnassignUserAsync(appId, userId, cancellationToken)
            ? TypedResults.NoContent()
            : ManagementErrors.NotFound(userId, AssignmentResourceName);
    }

    private static async Task<(GatehouseUser? User, IResult? NotFound)> FindAsync(
        string appId, string userId, OidcAppStore store, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is null)
        {
            return (null, ManagementErrors.NotFound(appId, AppResource.ResourceName));
        }

        var user = await database.Users.SingleOrDefaultAsync(candidate => candidate.Id == userId, cancellationToken);
        return user is null ? (null, ManagementErrors.NotFound(userId, UserResource.ResourceName)) : (user, null);
    }

    /// <summary>Okta's app user: the assignment, with <c>scope</c> USER (direct) or GROUP and the user's login.</summary>
    private static object ToJson(string appId, GatehouseUser user, AppUserAssignment? direct, string origin) => new
    {
        id = user.Id,
        externalId = (string?)null,
        created = direct?.Created ?? user.Created,
        lastUpdated = direct?.LastUpdated ?? user.LastUpdated,
        scope = direct is null ? "GROUP" : "USER",
        status = user.Status == UserStatus.Active ? "ACTIVE" : "INACTIVE",
        statusChanged = direct?.LastUpdated ?? user.LastUpdated,
        passwordChanged = (DateTimeOffset?)null,
        syncState = "DISABLED",
        credentials = new { userName = user.UserName },
        profile = new { },
        _links = new
        {
            app = new { href = $"{origin}/api/v1/apps/{appId}" },
            user = new { href = $"{origin}/api/v1/users/{user.Id}" },
        },
    };
}

/// <summary>The body of <c>POST /apps/{id}/users</c>: <c>{id, scope?}</c>.</summary>
internal sealed class AppUserBody
{
    public string? Id { get; set; }

    public string? Scope { get; set; }
}
