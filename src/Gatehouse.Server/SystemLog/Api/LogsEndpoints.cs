using System.Text;

using Gatehouse.Server.Hosting;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Http.Extensions;
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

        var (page, hasMore) = await LogSearch.FetchAsync(database.LogEvents, query, now, options.Value.SystemLogRetention, cancellationToken);
        WriteLinks(http, issuers.Origin, query, page, hasMore);
        var body = new StringBuilder("[");
        body.AppendJoin(',', page.Select(row => row.Document));
        body.Append(']');
        return TypedResults.Text(body.ToString(), "application/json", Encoding.UTF8);
    }

    /// <summary><c>self</c> always; <c>next</c> when more events wait, and on every polling page (Okta's polling semantics).</summary>
    private static void WriteLinks(HttpContext http, string origin, LogQuery query, List<LogRow> page, bool hasMore)
    {
        var request = http.Request;
        var baseUrl = origin + request.PathBase + request.Path;
        http.Response.Headers.Append("Link", $"<{baseUrl}{request.QueryString}>; rel=\"self\"");
        if (!hasMore && !query.IsPolling)
        {
            return;
        }

        var cursor = page.Count > 0 ? page[^1].Cursor.ToString() : request.Query["after"].ToString();
        var next = new QueryBuilder(request.Query
            .Where(pair => !string.Equals(pair.Key, "after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty))));
        if (cursor.Length > 0)
        {
            next.Add("after", cursor);
        }

        http.Response.Headers.Append("Link", $"<{baseUrl}{next.ToQueryString()}>; rel=\"next\"");
    }
}
