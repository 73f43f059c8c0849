using Gatehouse.Core.Tokens;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

internal sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessToken>
{
    public void Configure(EntityTypeBuilder<RevokedAccessToken> builder)
    {
        builder.HasKey(token => token.TokenId);
        // Okta's jti is "AT." and 43 characters; the bound keeps a hostile token's claim from growing the table.
        builder.Property(token => token.TokenId).HasMaxLength(100).ValueGeneratedNever();
        // Pruning deletes by expiry; SQLite cannot compare DateTimeOffset text, UTC ticks it can (as LogEvents.Published).
        builder.Property(token => token.ExpiresAt)
            .HasConversion(value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
        builder.HasIndex(token => token.ExpiresAt);
    }
}
