using System.Globalization;

using Gatehouse.Core.Users;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gatehouse.Storage.Configurations;

/// <summary>
/// SQLite has no date type and EF Core refuses to translate comparisons of <see cref="DateTimeOffset"/> columns
/// there. The users' dates are stored as UTC text in EF Core's own SQLite format (so existing rows read the same)
/// through a converter: UTC text in that format sorts chronologically, so the management API's
/// <c>search=lastUpdated gt "…"</c> runs in SQL as a string comparison.
/// </summary>
internal static class UtcText
{
    // EF Core's SQLite format for DateTimeOffset; always written with offset +00:00.
    private const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz";

    public static ValueConverter<DateTimeOffset, string> Converter { get; } = new(
        value => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture),
        text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    public static void Apply(EntityTypeBuilder<GatehouseUser> builder)
    {
        builder.Property(user => user.Created).HasConversion(Converter);
        builder.Property(user => user.LastUpdated).HasConversion(Converter);
        builder.Property(user => user.Activated).HasConversion(Converter);
        builder.Property(user => user.StatusChanged).HasConversion(Converter);
        builder.Property(user => user.PasswordChanged).HasConversion(Converter);
        builder.Property(user => user.LastLogin).HasConversion(Converter);
    }
}

internal sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> builder)
    {
        builder.HasKey(entry => entry.Id);
        builder.HasIndex(entry => entry.UserId);
        builder.HasOne<GatehouseUser>().WithMany().HasForeignKey(entry => entry.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
