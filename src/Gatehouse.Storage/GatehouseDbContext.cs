using Gatehouse.Core.ApiTokens;
using Gatehouse.Core.Apps;
using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Groups;
using Gatehouse.Core.Keys;
using Gatehouse.Core.Orgs;
using Gatehouse.Core.SystemLog;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Core.Users;

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Storage;

/// <summary>
/// One database for everything a second node needs: Identity's users, OpenIddict's applications, authorizations
/// and tokens, Data Protection's key ring, Gatehouse's keys and directory. This type is the SQLite store (its migrations
/// are in Migrations/Sqlite); <see cref="PostgresGatehouseDbContext"/> derives from it for PostgreSQL, so that each
/// provider has its own migrations in one assembly (EF Core finds a context's migrations by its exact type).
/// </summary>
public class GatehouseDbContext : IdentityDbContext<GatehouseUser>, IDataProtectionKeyContext
{
    public GatehouseDbContext(DbContextOptions<GatehouseDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, with its own options type.</summary>
    protected GatehouseDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Org> Orgs => Set<Org>();

    public DbSet<OrgBrand> OrgBrands => Set<OrgBrand>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();

    public DbSet<AppGroupAssignment> AppGroupAssignments => Set<AppGroupAssignment>();

    public DbSet<AppUserAssignment> AppUserAssignments => Set<AppUserAssignment>();

    public DbSet<AuthorizationServer> AuthorizationServers => Set<AuthorizationServer>();

    public DbSet<AuthorizationServerScope> AuthorizationServerScopes => Set<AuthorizationServerScope>();

    public DbSet<AuthorizationServerPolicy> AuthorizationServerPolicies => Set<AuthorizationServerPolicy>();

    public DbSet<AuthorizationServerPolicyRule> AuthorizationServerPolicyRules => Set<AuthorizationServerPolicyRule>();

    public DbSet<KeyMaterial> Keys => Set<KeyMaterial>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<TrustedOrigin> TrustedOrigins => Set<TrustedOrigin>();
    public DbSet<LogEvent> LogEvents => Set<LogEvent>();

    public DbSet<ConfigurationStamp> ConfigurationStamps => Set<ConfigurationStamp>();

    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.ApplyConfigurationsFromAssembly(typeof(GatehouseDbContext).Assembly);
    }
}
