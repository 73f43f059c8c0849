using Gatehouse.Core.Orgs;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class ConfigurationStampConfiguration : IEntityTypeConfiguration<ConfigurationStamp>
{
    public void Configure(EntityTypeBuilder<ConfigurationStamp> builder)
    {
        builder.HasKey(stamp => stamp.Id);
        builder.Property(stamp => stamp.Id).ValueGeneratedNever();
        // The one row exists from the migration on, so a save only ever updates it.
        builder.HasData(new ConfigurationStamp { Id = ConfigurationStamp.SingletonId, Value = Guid.Empty });
    }
}
