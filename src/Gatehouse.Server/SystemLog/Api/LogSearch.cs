using Gatehouse.Core.SystemLog;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.SystemLog.Api;

/// <summary>
/// Runs a <see cref="LogQuery"/>: the events of its time range still within retention, its filter and keywords, in its
/// order from its cursor, one page. Shared by <c>GET /api/v1/logs</c> and the admin console's System Log page.
/// </summary>
internal static class LogSearch
{
    public static async Task<(List<LogRow> Page, bool HasMore)> FetchAsync(
        IQueryable<LogEvent> source, LogQuery query, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Events past retention are gone for readers at once, even before the pruning service deletes them.
        var oldest = now - retention;
        var since = query.Since > oldest ? query.Since : oldest;
        var events = source.AsNoTracking().Where(logEvent => logEvent.Published >= since);
        if (query.Until is { } until)
        {
            events = events.Where(logEvent => logEvent.Published <= until);
        }

        if (query.Filter is { } filter)
        {
            events = events.Where(filter);
        }

        foreach (var keyword in query.Keywords)
        {
            var padded = " " + keyword + " ";
            events = events.Where(logEvent => logEvent.Keywords.Contains(padded));
        }

        if (query.After is { } after)
        {
            var at = after.Published;
            var sequence = after.Sequence;
            events = query.Descending
                ? events.Where(logEvent => logEvent.Published < at || (logEvent.Published == at && logEvent.Sequence < sequence))
                : events.Where(logEvent => logEvent.Published > at || (logEvent.Published == at && logEvent.Sequence > sequence));
        }

        events = query.Descending
            ? events.OrderByDescending(logEvent => logEvent.Published).ThenByDescending(logEvent => logEvent.Sequence)
            : events.OrderBy(logEvent => logEvent.Published).ThenBy(logEvent => logEvent.Sequence);
        var fetched = await events.Take(query.Limit + 1).Select(logEvent => new LogRow(logEvent.Published, logEvent.Sequence, logEvent.Document)).ToListAsync(cancellationToken);
        return ([.. fetched.Take(query.Limit)], fetched.Count > query.Limit);
    }
}

/// <summary>One stored event: its place in the log and its Okta LogEvent JSON.</summary>
internal sealed record LogRow(DateTimeOffset Published, long Sequence, string Document)
{
    public LogCursor Cursor => new(Published.UtcTicks, Sequence);
}
