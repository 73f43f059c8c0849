using System.Text;

using Gatehouse.Core.SystemLog;
using Gatehouse.Server.Hosting;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.SystemLog.Api;

/// <summary>
/// <c>GET /api/v1/logs</c>: Okta's System Log API. Reading is allowed to read-only admins (the SSWS filter lets GETs
/// through for them). Bounded requests (<c>until</c> given, or descending) end with a page without a <c>next</c> link;
/// polling requests (ascending, no <c>until</c>) always have one, so a SIEM can keep following it for new events.
/// </summary>
internal static class LogsEndpoints
{
    public static RouteGroupBuilder MapSystemLogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs", ListAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TimeProvider timeProvider, IOptions<GatehouseOptions> options, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (!LogQuery.TryRead(http.Request, now, out var query, out var error))
        {
            return error!;
        }

        // Events past retention are gone for readers at once, even before the pruning service deletes them.
        var oldest = now - options.Value.SystemLogRetention;
        var since = query.Since > oldest ? query.Since : oldest;
        var events = database.LogEvents.AsNoTracking().Where(logEvent => logEvent.Published >= since);
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
        var fetched = await events.Take(query.Limit + 1).Select(logEvent => new Row(logEvent.Published, logEvent.Sequence, logEvent.Document)).ToListAsync(cancellationToken);
        var page = fetched.Take(query.Limit).ToList();

        WriteLinks(http, issuers.Origin, query, page, hasMore: fetched.Count > query.Limit);
        var body = new StringBuilder("[");
        body.AppendJoin(',', page.Select(row => row.Document));
        body.Append(']');
        return TypedResults.Text(body.ToString(), "application/json", Encoding.UTF8);
    }

    /// <summary><c>self</c> always; <c>next</c> when more events wait, and on every polling page (Okta's polling semantics).</summary>
    private static void WriteLinks(HttpContext http, string origin, LogQuery query, List<Row> page, bool hasMore)
    {
        var request = http.Request;
        var baseUrl = origin + request.PathBase + request.Path;
        http.Response.Headers.Append("Link", $"<{baseUrl}{request.QueryString}>; rel=\"self\"");
        if (!hasMore && !query.IsPolling)
        {
            return;
        }

        var cursor = page.Count > 0 ? new LogCursor(page[^1].Published.UtcTicks, page[^1].Sequence).ToString() : request.Query["after"].ToString();
        var next = new QueryBuilder(request.Query
            .Where(pair => !string.Equals(pair.Key, "after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty))));
        if (cursor.Length > 0)
        {
            next.Add("after", cursor);
        }

        http.Response.Headers.Append("Link", $"<{baseUrl}{next.ToQueryString()}>; rel=\"next\"");
    }

    private sealed record Row(DateTimeOffset Published, long Sequence, string Document);
}
