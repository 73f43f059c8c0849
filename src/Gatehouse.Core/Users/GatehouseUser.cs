using Gatehouse.Core.Identifiers;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Core.Users;

/// <summary>
/// An Okta user: Identity's account (login in <see cref="IdentityUser{TKey}.UserName"/>, password hash,
/// lockout, security stamp) plus the profile attributes that the OIDC scopes release.
/// </summary>
public sealed class GatehouseUser : IdentityUser
{
    public GatehouseUser()
    {
        Id = OktaId.NewUserId();
    }

    public UserStatus Status { get; set; } = UserStatus.Active;

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Locale { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>Seed bookkeeping: the password is set again only when the seed's version changes.</summary>
    public int? SeedPasswordVersion { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>Okta's <c>activated</c>: when the user last became ACTIVE by activation; null until then.</summary>
    public DateTimeOffset? Activated { get; set; }

    /// <summary>Okta's <c>statusChanged</c>: the last status transition; null for a user never transitioned.</summary>
    public DateTimeOffset? StatusChanged { get; set; }

    /// <summary>Okta's <c>passwordChanged</c>: when a password was last set (by anyone); null without one.</summary>
    public DateTimeOffset? PasswordChanged { get; set; }

    /// <summary>Okta's <c>lastLogin</c>: the last successful sign-in on the hosted page.</summary>
    public DateTimeOffset? LastLogin { get; set; }

    public string DisplayName => string.Join(' ', new[] { FirstName, LastName }.Where(part => !string.IsNullOrWhiteSpace(part)));
}
