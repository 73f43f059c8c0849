using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.Groups;

/// <summary>An Okta group. <see cref="GroupType.BuiltIn"/> is the Everyone group that holds every user.</summary>
public sealed class Group
{
    public const string EveryoneName = "Everyone";

    public string Id { get; set; } = OktaId.NewGroupId();

    public required string Name { get; set; }

    public string? Description { get; set; }

    public GroupType Type { get; set; } = GroupType.OktaGroup;

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>When a member was last added or removed (Okta's <c>lastMembershipUpdated</c>).</summary>
    public DateTimeOffset? LastMembershipUpdated { get; set; }
}

public enum GroupType
{
    OktaGroup,
    BuiltIn,
}
