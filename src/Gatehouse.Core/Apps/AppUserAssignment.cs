namespace Gatehouse.Core.Apps;

/// <summary>
/// Assigns an app integration to one user directly (Okta's <c>scope: "USER"</c>), besides the assignments a user
/// gets through an assigned group.
/// </summary>
public sealed class AppUserAssignment
{
    /// <summary>The OpenIddict application id (equal to the Okta app id, <c>0oa…</c>).</summary>
    public required string AppId { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }
}
