using System.Globalization;

namespace Gatehouse.Server.SystemLog.Api;

/// <summary>
/// The <c>after</c> cursor: the position of the last event of a page, as (published ticks, insertion sequence), so
/// that events published in the same tick are neither skipped nor repeated. Opaque to clients, as Okta's.
/// </summary>
internal sealed record LogCursor(long PublishedTicks, long Sequence)
{
    public static LogCursor? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('_');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new LogCursor(ticks, sequence)
                : null;
    }

    public DateTimeOffset Published => new(PublishedTicks, TimeSpan.Zero);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PublishedTicks}_{Sequence}");
}
