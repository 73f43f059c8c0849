namespace Gatehouse.Core.Groups;

/// <summary>A user's explicit membership of a group (Everyone is implicit and never stored).</summary>
public sealed class GroupMembership
{
    public required string GroupId { get; set; }

    public required string UserId { get; set; }
}
