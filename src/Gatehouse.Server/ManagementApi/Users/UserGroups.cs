using Gatehouse.Core.Groups;
using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Users;

/// <summary>Okta's <c>groupIds</c> on <c>POST /api/v1/users</c>: at most 20 groups of type OKTA_GROUP.</summary>
internal static class UserGroups
{
    private const int MaxGroups = 20;

    /// <summary>The groups named, or the causes why they cannot be used.</summary>
    public static async Task<(List<Group> Groups, List<string> Causes)> FindAsync(GatehouseDbContext database, List<string>? groupIds, CancellationToken cancellationToken)
    {
        if (groupIds is not { Count: > 0 })
        {
            return ([], []);
        }

        if (groupIds.Count > MaxGroups)
        {
            return ([], [$"groupIds: A user can be added to at most {MaxGroups} groups at creation"]);
        }

        var distinct = groupIds.Where(id => id is not null).Distinct(StringComparer.Ordinal).ToList();
        var groups = await database.Groups.Where(group => distinct.Contains(group.Id)).ToListAsync(cancellationToken);
        var causes = distinct.Where(id => groups.All(group => group.Id != id))
            .Select(id => $"groupIds: Group not found: {id}")
            .Concat(groups.Where(group => group.Type != GroupType.OktaGroup)
                .Select(group => $"groupIds: Only members of OKTA_GROUP groups can be managed: {group.Id}"))
            .ToList();
        return causes.Count > 0 || groupIds.Any(id => id is null) ? ([], causes.Count > 0 ? causes : ["groupIds: The field cannot contain null"]) : (groups, []);
    }

    public static async Task AddAsync(GatehouseDbContext database, GatehouseUser user, List<Group> groups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        foreach (var group in groups)
        {
            database.GroupMemberships.Add(new GroupMembership { GroupId = group.Id, UserId = user.Id });
            group.LastMembershipUpdated = now;
        }

        await database.SaveChangesAsync(cancellationToken);
    }
}
