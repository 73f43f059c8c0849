namespace Gatehouse.Core.Apps;

/// <summary>
/// Assigns an app integration to a group: only users in an assigned group may sign in to the app
/// (Okta: "User is not assigned to the client application.").
/// </summary>
public sealed class AppGroupAssignment
{
    /// <summary>The OpenIddict application id (equal to the Okta app id, <c>0oa…</c>).</summary>
    public required string AppId { get; set; }

    public required string GroupId { get; set; }

    public int Priority { get; set; }

    /// <summary>When the assignment was made or its priority changed (Okta's <c>lastUpdated</c>); null for older rows.</summary>
    public DateTimeOffset? LastUpdated { get; set; }
}
