using Gatehouse.Core.Apps;
using Gatehouse.Server.Apps;
using Gatehouse.Server.ManagementApi.Groups;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// Group assignments (okta-reference.md §3): <c>PUT /apps/{id}/groups/{gid}</c> with <c>{}</c> or
/// <c>{"priority": N}</c> returns <c>{id, lastUpdated, priority, _links}</c>; members of an assigned group may sign in.
/// </summary>
internal static class AppGroupsEndpoints
{
    private const string AssignmentResourceName = "ApplicationGroupAssignment";

    public static RouteGroupBuilder MapAppGroupsApi(this RouteGroupBuilder apps)
    {
        apps.MapGet("/{appId}/groups", ListAsync);
        apps.MapGet("/{appId}/groups/{groupId}", GetAsync);
        apps.MapPut("/{appId}/groups/{groupId}", AssignAsync);
        apps.MapDelete("/{appId}/groups/{groupId}", UnassignAsync);
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

        var query = database.AppGroupAssignments.AsNoTracking().Where(assignment => assignment.AppId == appId);
        var fetched = await page.Apply(query, assignment => assignment.GroupId).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, assignment => assignment.GroupId, http, issuers.Origin);
        return TypedResults.Json(results.Select(assignment => ToJson(assignment, issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(
        string appId, string groupId, OidcAppStore store, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is null)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        return await database.AppGroupAssignments.FindAsync([appId, groupId], cancellationToken) is { } assignment
            ? TypedResults.Json(ToJson(assignment, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.NotFound(groupId, AssignmentResourceName);
    }

    /// <summary>Idempotent: assigning again updates the priority.</summary>
    private static async Task<IResult> AssignAsync(
        string appId, string groupId, HttpRequest request, OidcAppStore store, AppService apps, GatehouseDbContext database, IssuerRegistry issuers,
        CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is null)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        if (!await database.Groups.AnyAsync(group => group.Id == groupId, cancellationToken))
        {
            return ManagementErrors.NotFound(groupId, GroupResource.ResourceName);
        }

        var body = new AssignmentBody();
        if (request.ContentLength is not 0)
        {
            (var read, var error) = await ManagementJson.ReadBodyAsync<AssignmentBody>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            body = read!;
        }

        if (body.Priority is < 0)
        {
            return ManagementErrors.Validation("priority", "priority: must be 0 or greater");
        }

        var assignment = await apps.AssignGroupAsync(appId, groupId, body.Priority, cancellationToken);
        return TypedResults.Json(ToJson(assignment, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> UnassignAsync(
        string appId, string groupId, OidcAppStore store, AppService apps, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is null)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        return await apps.UnassignGroupAsync(appId, groupId, cancellationToken)
            ? TypedResults.NoContent()
            : ManagementErrors.NotFound(groupId, AssignmentResourceName);
    }

    private static object ToJson(AppGroupAssignment assignment, string origin) => new
    {
        id = assignment.GroupId,
        lastUpdated = assignment.LastUpdated ?? DateTimeOffset.UnixEpoch,
        priority = assignment.Priority,
        _links = new
        {
            app = new { href = $"{origin}/api/v1/apps/{assignment.AppId}" },
            self = new { href = $"{origin}/api/v1/apps/{assignment.AppId}/groups/{assignment.GroupId}" },
            group = new { href = $"{origin}/api/v1/groups/{assignment.GroupId}" },
        },
    };
}

/// <summary>The optional body of <c>PUT /apps/{id}/groups/{gid}</c>.</summary>
internal sealed class AssignmentBody
{
    public int? Priority { get; set; }
}
