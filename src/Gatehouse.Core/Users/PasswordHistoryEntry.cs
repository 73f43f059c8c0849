namespace Gatehouse.Core.Users;

/// <summary>
/// A password the user had before (Okta's password history: the last passwords cannot be reused). Only the hash is
/// kept, in the same format as <see cref="Microsoft.AspNetCore.Identity.IdentityUser{TKey}.PasswordHash"/>.
/// </summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>When this password was replaced.</summary>
    public DateTimeOffset Replaced { get; set; }
}
