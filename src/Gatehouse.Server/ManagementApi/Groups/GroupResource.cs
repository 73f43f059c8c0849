using System.Linq.Expressions;

using Gatehouse.Core.Groups;

namespace Gatehouse.Server.ManagementApi.Groups;

/// <summary>Okta's group object: <c>{id: "00g…", objectClass: ["okta:user_group"], type, profile, _links}</c>.</summary>
internal static class GroupResource
{
    public const string ResourceName = "UserGroup";

    /// <summary>What <c>search</c> may name (okta-reference.md §3); the type is compared by its Okta name.</summary>
    public static IReadOnlyDictionary<string, Expression<Func<Group, string?>>> SearchAttributes { get; } =
        new Dictionary<string, Expression<Func<Group, string?>>>(StringComparer.Ordinal)
        {
            ["id"] = group => group.Id,
            ["type"] = group => group.Type == GroupType.BuiltIn ? "BUILT_IN" : "OKTA_GROUP",
            ["profile.name"] = group => group.Name,
            ["profile.description"] = group => group.Description,
        };

    public static string TypeName(GroupType type) => type == GroupType.BuiltIn ? "BUILT_IN" : "OKTA_GROUP";

    public static object ToJson(Group group, string origin)
    {
        var self = $"{origin}/api/v1/groups/{group.Id}";
        return new
        {
            id = group.Id,
            created = group.Created,
            lastUpdated = group.LastUpdated,
            lastMembershipUpdated = group.LastMembershipUpdated ?? group.LastUpdated,
            objectClass = new[] { "okta:user_group" },
            type = TypeName(group.Type),
            profile = new { name = group.Name, description = group.Description },
            _links = new
            {
                logo = new[]
                {
                    new { name = "medium", href = $"{origin}/img/logos/groups/okta-medium.png", type = "image/png" },
                    new { name = "large", href = $"{origin}/img/logos/groups/okta-large.png", type = "image/png" },
                },
                users = new { href = self + "/users" },
                apps = new { href = self + "/apps" },
            },
        };
    }
}

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/groups</c>.</summary>
internal sealed class GroupBody
{
    public GroupProfileBody? Profile { get; set; }
}

internal sealed class GroupProfileBody
{
    public string? Name { get; set; }

    public string? Description { get; set; }
}
