using Gatehouse.Core.Orgs;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class OrgBrandConfiguration : IEntityTypeConfiguration<OrgBrand>
{
    public void Configure(EntityTypeBuilder<OrgBrand> builder)
    {
        builder.HasKey(brand => brand.OrgId);
        builder.Property(brand => brand.OrgId).HasMaxLength(32);
        builder.Property(brand => brand.DisplayName).HasMaxLength(100);
        builder.Property(brand => brand.PrimaryColor).HasMaxLength(7);
        builder.Property(brand => brand.LogoContentType).HasMaxLength(16);
        builder.Property(brand => brand.LogoHash).HasMaxLength(64);
        builder.Property(brand => brand.CustomCssHash).HasMaxLength(64);
        builder.HasOne<Org>().WithOne().HasForeignKey<OrgBrand>(brand => brand.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
