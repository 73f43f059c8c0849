using Gatehouse.Core.ApiTokens;
using Gatehouse.Core.Apps;
using Gatehouse.Core.Groups;
using Gatehouse.Core.Orgs;
using Gatehouse.Core.Users;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<GatehouseUser>
{
    public void Configure(EntityTypeBuilder<GatehouseUser> builder)
    {
        builder.Property(user => user.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(user => user.FirstName).HasMaxLength(256);
        builder.Property(user => user.LastName).HasMaxLength(256);
        builder.Property(user => user.Locale).HasMaxLength(64);
        builder.Property(user => user.TimeZone).HasMaxLength(64);
        builder.Ignore(user => user.DisplayName);

        // The management API's search and q (ManagementApi/Users) compare these case-insensitively: collated NOCASE
        // and indexed, SQLite answers eq, sw and LIKE prefixes from the index instead of scanning every user.
        // Identity's own look-ups use the normalized columns and are unaffected.
        builder.Property(user => user.UserName).UseCollation("NOCASE");
        builder.Property(user => user.Email).UseCollation("NOCASE");
        builder.Property(user => user.FirstName).UseCollation("NOCASE");
        builder.Property(user => user.LastName).UseCollation("NOCASE");
        builder.HasIndex(user => user.UserName);
        builder.HasIndex(user => user.Email);
        builder.HasIndex(user => user.FirstName);
        builder.HasIndex(user => user.LastName);
        UtcText.Apply(builder);
    }
}

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.HasKey(group => group.Id);
        builder.Property(group => group.Id).HasMaxLength(32);
        builder.Property(group => group.Name).HasMaxLength(256);
        builder.HasIndex(group => group.Name).IsUnique();
        builder.Property(group => group.Type).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class GroupMembershipConfiguration : IEntityTypeConfiguration<GroupMembership>
{
    public void Configure(EntityTypeBuilder<GroupMembership> builder)
    {
        builder.HasKey(membership => new { membership.GroupId, membership.UserId });
        builder.HasIndex(membership => membership.UserId);
        builder.HasOne<Group>().WithMany().HasForeignKey(membership => membership.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GatehouseUser>().WithMany().HasForeignKey(membership => membership.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AppGroupAssignmentConfiguration : IEntityTypeConfiguration<AppGroupAssignment>
{
    public void Configure(EntityTypeBuilder<AppGroupAssignment> builder)
    {
        builder.HasKey(assignment => new { assignment.AppId, assignment.GroupId });
        builder.HasOne<Group>().WithMany().HasForeignKey(assignment => assignment.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.HasKey(token => token.Id);
        builder.Property(token => token.Name).HasMaxLength(256);
        builder.HasIndex(token => token.TokenHash).IsUnique();
        builder.HasOne<GatehouseUser>().WithMany().HasForeignKey(token => token.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrgConfiguration : IEntityTypeConfiguration<Org>
{
    public void Configure(EntityTypeBuilder<Org> builder)
    {
        builder.HasKey(org => org.Id);
        builder.Property(org => org.Id).HasMaxLength(32);
        builder.Property(org => org.Name).HasMaxLength(256);
        builder.Property(org => org.BootstrapTokenHash).HasMaxLength(128);
    }
}
