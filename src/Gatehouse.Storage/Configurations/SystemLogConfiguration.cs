using Gatehouse.Core.SystemLog;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class LogEventConfiguration : IEntityTypeConfiguration<LogEvent>
{
    public void Configure(EntityTypeBuilder<LogEvent> builder)
    {
        builder.ToTable("LogEvents");
        builder.HasKey(logEvent => logEvent.Sequence);
        builder.Property(logEvent => logEvent.Sequence).ValueGeneratedOnAdd();
        builder.Property(logEvent => logEvent.Uuid).HasMaxLength(36);
        builder.HasIndex(logEvent => logEvent.Uuid).IsUnique();
        // SQLite cannot compare or order DateTimeOffset text: UTC ticks make range queries and pruning plain integer comparisons.
        builder.Property(logEvent => logEvent.Published)
            .HasConversion(value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
        builder.HasIndex(logEvent => new { logEvent.Published, logEvent.Sequence });
        builder.Property(logEvent => logEvent.EventType).HasMaxLength(255);
        builder.HasIndex(logEvent => logEvent.EventType);
        builder.Property(logEvent => logEvent.Severity).HasMaxLength(16);
        builder.Property(logEvent => logEvent.OutcomeResult).HasMaxLength(32);
        builder.Property(logEvent => logEvent.ActorId).HasMaxLength(255);
        builder.HasIndex(logEvent => logEvent.ActorId);
    }
}
