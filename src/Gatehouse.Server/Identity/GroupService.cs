using Gatehouse.Core.Groups;
using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Identity;

/// <summary>What became of a group change: done, refused for the built-in Everyone group, or invalid (Okta causes).</summary>
internal sealed record GroupChange(bool BuiltIn, List<string> Causes)
{
    public static readonly GroupChange Done = new(false, []);

    public static readonly GroupChange Refused = new(true, []);

    public bool Succeeded => !BuiltIn && Causes.Count == 0;
}

/// <summary>
/// The directory's group rules, shared by <c>/api/v1/groups</c> and the admin console (one code path per rule): names
/// unique regardless of case and within Okta's lengths; the built-in Everyone group cannot be renamed or deleted and
/// holds every user implicitly (adding to it is already true, removing from it is refused).
/// </summary>
internal sealed class GroupService(GatehouseDbContext database, TimeProvider timeProvider)
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1024;

    public async Task<(Group? Group, List<string> Causes)> CreateAsync(string? name, string? description, CancellationToken cancellationToken)
    {
        var causes = await ValidateAsync(name, description, null, cancellationToken);
        if (causes.Count > 0)
        {
            return (null, causes);
        }

        var now = timeProvider.GetUtcNow();
        var group = new Group
        {
            Name = name!.Trim(),
            Description = description,
            Created = now,
            LastUpdated = now,
            LastMembershipUpdated = now,
        };
        database.Groups.Add(group);
        await database.SaveChangesAsync(cancellationToken);
        return (group, []);
    }

    /// <summary>Okta's <c>PUT</c> replaces the whole profile: a description left out is cleared.</summary>
    public async Task<GroupChange> ReplaceAsync(Group group, string? name, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Type == GroupType.BuiltIn)
        {
            return GroupChange.Refused;
        }

        var causes = await ValidateAsync(name, description, group.Id, cancellationToken);
        if (causes.Count > 0)
        {
            return new GroupChange(false, causes);
        }

        group.Name = name!.Trim();
        group.Description = description;
        group.LastUpdated = timeProvider.GetUtcNow();
        await database.SaveChangesAsync(cancellationToken);
        return GroupChange.Done;
    }

    /// <summary>Memberships and app assignments go with the group (cascading foreign keys).</summary>
    public async Task<GroupChange> DeleteAsync(Group group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Type == GroupType.BuiltIn)
        {
            return GroupChange.Refused;
        }

        database.Groups.Remove(group);
        await database.SaveChangesAsync(cancellationToken);
        return GroupChange.Done;
    }

    /// <summary>Idempotent: the user already belongs to Everyone, or already to this group.</summary>
    public async Task AddMemberAsync(Group group, GatehouseUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(user);
        if (group.Type != GroupType.BuiltIn
            && !await database.GroupMemberships.AnyAsync(membership => membership.GroupId == group.Id && membership.UserId == user.Id, cancellationToken))
        {
            database.GroupMemberships.Add(new GroupMembership { GroupId = group.Id, UserId = user.Id });
            group.LastMembershipUpdated = timeProvider.GetUtcNow();
            await database.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<GroupChange> RemoveMemberAsync(Group group, GatehouseUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(user);
        if (group.Type == GroupType.BuiltIn)
        {
            return GroupChange.Refused;
        }

        var membership = await database.GroupMemberships.SingleOrDefaultAsync(
            candidate => candidate.GroupId == group.Id && candidate.UserId == user.Id, cancellationToken);
        if (membership is not null)
        {
            database.GroupMemberships.Remove(membership);
            group.LastMembershipUpdated = timeProvider.GetUtcNow();
            await database.SaveChangesAsync(cancellationToken);
        }

        return GroupChange.Done;
    }

    /// <summary>The members: every user for Everyone, else the group's memberships.</summary>
    public IQueryable<GatehouseUser> Members(Group group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var users = database.Users.AsNoTracking();
        return group.Type == GroupType.BuiltIn
            ? users
            : users.Where(user => database.GroupMemberships.Any(membership => membership.GroupId == group.Id && membership.UserId == user.Id));
    }

    /// <summary>One cause per problem; names are unique in the org regardless of case.</summary>
    private async Task<List<string>> ValidateAsync(string? name, string? description, string? groupId, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        var causes = new List<string>();
        if (string.IsNullOrEmpty(name))
        {
            causes.Add("name: The field cannot be left blank");
        }
        else if (name.Length > MaxNameLength)
        {
            causes.Add($"name: The field cannot exceed {MaxNameLength} characters");
        }
        else if (await database.Groups.AnyAsync(group => group.Id != groupId && EF.Functions.Collate(group.Name, "NOCASE") == name, cancellationToken))
        {
            // SQLite's NOCASE collation: ASCII case-insensitive, as the name search is.
            causes.Add("name: An object with this field already exists in the current organization");
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            causes.Add($"description: The field cannot exceed {MaxDescriptionLength} characters");
        }

        return causes;
    }
}
