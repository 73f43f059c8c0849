using Gatehouse.Core.TrustedOrigins;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class TrustedOriginConfiguration : IEntityTypeConfiguration<TrustedOrigin>
{
    public void Configure(EntityTypeBuilder<TrustedOrigin> builder)
    {
        builder.HasKey(origin => origin.Id);
        builder.Property(origin => origin.Id).HasMaxLength(32);
        builder.Property(origin => origin.Name).HasMaxLength(256);
        // Stored normalized, so a unique index is enough to refuse the same origin twice.
        builder.Property(origin => origin.Origin).HasMaxLength(1024);
        builder.HasIndex(origin => origin.Origin).IsUnique();
        builder.Property(origin => origin.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(origin => origin.CreatedBy).HasMaxLength(64);
        builder.Property(origin => origin.LastUpdatedBy).HasMaxLength(64);
    }
}
