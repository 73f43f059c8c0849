using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Keys;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class AuthorizationServerConfiguration : IEntityTypeConfiguration<AuthorizationServer>
{
    public void Configure(EntityTypeBuilder<AuthorizationServer> builder)
    {
        builder.HasKey(server => server.Id);
        builder.Property(server => server.Id).HasMaxLength(64);
        builder.Property(server => server.Name).HasMaxLength(256);
        builder.Property(server => server.Audience).HasMaxLength(1024);
    }
}

internal sealed class AuthorizationServerScopeConfiguration : IEntityTypeConfiguration<AuthorizationServerScope>
{
    public void Configure(EntityTypeBuilder<AuthorizationServerScope> builder)
    {
        builder.HasKey(scope => new { scope.AuthorizationServerId, scope.Name });
        builder.HasOne<AuthorizationServer>().WithMany().HasForeignKey(scope => scope.AuthorizationServerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KeyMaterialConfiguration : IEntityTypeConfiguration<KeyMaterial>
{
    public void Configure(EntityTypeBuilder<KeyMaterial> builder)
    {
        builder.HasKey(key => key.Id);
        builder.Property(key => key.Id).HasMaxLength(64);
        builder.Property(key => key.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(key => key.AuthorizationServerId).HasMaxLength(64);
        builder.HasIndex(key => new { key.Purpose, key.AuthorizationServerId });
    }
}
