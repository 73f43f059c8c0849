using Gatehouse.Core.AuthorizationServers;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

/// <summary>Access policies and rules; the id lists are JSON columns (a server has a handful of each).</summary>
internal sealed class AuthorizationServerPolicyConfiguration : IEntityTypeConfiguration<AuthorizationServerPolicy>
{
    public void Configure(EntityTypeBuilder<AuthorizationServerPolicy> builder)
    {
        builder.HasKey(policy => policy.Id);
        builder.Property(policy => policy.Id).HasMaxLength(32);
        builder.Property(policy => policy.AuthorizationServerId).HasMaxLength(64);
        builder.Property(policy => policy.Name).HasMaxLength(256);
        builder.Property(policy => policy.Description).HasMaxLength(1024);
        builder.HasIndex(policy => policy.AuthorizationServerId);
        builder.HasOne<AuthorizationServer>().WithMany().HasForeignKey(policy => policy.AuthorizationServerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuthorizationServerPolicyRuleConfiguration : IEntityTypeConfiguration<AuthorizationServerPolicyRule>
{
    public void Configure(EntityTypeBuilder<AuthorizationServerPolicyRule> builder)
    {
        builder.HasKey(rule => rule.Id);
        builder.Property(rule => rule.Id).HasMaxLength(32);
        builder.Property(rule => rule.PolicyId).HasMaxLength(32);
        builder.Property(rule => rule.Name).HasMaxLength(256);
        builder.HasIndex(rule => rule.PolicyId);
        builder.HasOne<AuthorizationServerPolicy>().WithMany().HasForeignKey(rule => rule.PolicyId).OnDelete(DeleteBehavior.Cascade);
    }
}
