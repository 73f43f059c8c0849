using Gatehouse.Core.Groups;
using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Users;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Groups;

/// <summary>
/// <c>/api/v1/groups/{groupId}/users</c>: a group's members (okta-reference.md §3). Everyone holds every user
/// implicitly: its list is the whole directory, adding to it is already true, removing from it is refused.
/// </summary>
internal static class GroupMembersEndpoints
{
    private const string UserResourceName = "User";

    public static RouteGroupBuilder MapGroupMembersApi(this RouteGroupBuilder groups)
    {
        groups.MapGet("/{groupId}/users", ListAsync);
        groups.MapPut("/{groupId}/users/{userId}", AddAsync);
        groups.MapDelete("/{groupId}/users/{userId}", RemoveAsync);
        return groups;
    }

    private static async Task<IResult> ListAsync(
        string groupId, HttpContext http, GatehouseDbContext database, GroupService service, IssuerRegistry issuers, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        var group = await database.Groups.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == groupId, cancellationToken);
        if (group is null)
        {
            return ManagementErrors.NotFound(groupId, GroupResource.ResourceName);
        }

        var users = service.Members(group);
        var fetched = await page.Apply(users, user => user.Id).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, user => user.Id, http, issuers.Origin);
        return TypedResults.Json(results.Select(user => UserResource.ToJson(user, issuers.Origin, clock.GetUtcNow())), ManagementJson.Options);
    }

    private static async Task<IResult> AddAsync(
        string groupId, string userId, GatehouseDbContext database, GroupService service, CancellationToken cancellationToken)
    {
        var (group, user, notFound) = await FindAsync(groupId, userId, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        // PUT is idempotent: the user already belongs to Everyone, or already to this group.
        await service.AddMemberAsync(group!, user!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RemoveAsync(
        string groupId, string userId, GatehouseDbContext database, GroupService service, CancellationToken cancellationToken)
    {
        var (group, user, notFound) = await FindAsync(groupId, userId, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        if ((await service.RemoveMemberAsync(group!, user!, cancellationToken)).BuiltIn)
        {
            return ManagementErrors.Forbidden();
        }

        return TypedResults.NoContent();
    }

    private static async Task<(Group? Group, GatehouseUser? User, IResult? NotFound)> FindAsync(
        string groupId, string userId, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var group = await database.Groups.SingleOrDefaultAsync(candidate => candidate.Id == groupId, cancellationToken);
        if (group is null)
        {
            return (null, null, ManagementErrors.NotFound(groupId, GroupResource.ResourceName));
        }

        var user = await database.Users.SingleOrDefaultAsync(candidate => candidate.Id == userId, cancellationToken);
        return user is null ? (group, null, ManagementErrors.NotFound(userId, UserResourceName)) : (group, user, null);
    }
}
