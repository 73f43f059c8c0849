using System.Globalization;
using System.Linq.Expressions;

using Microsoft.AspNetCore.Http.Extensions;

namespace Gatehouse.Server.ManagementApi.Paging;

/// <summary>
/// Okta's cursor pagination (okta-reference.md §3): <c>limit</c> (default and maximum 200) and an opaque
/// <c>after</c> cursor — here the last id of the previous page, ids being stable and ordered — with RFC 8288
/// (ex RFC 5988) <c>Link</c> headers: always <c>rel="self"</c>, and <c>rel="next"</c> unless this is the last page.
/// </summary>
internal sealed record PageRequest(int Limit, string? After)
{
    public const int MaxLimit = 200;

    /// <summary>Reads <c>limit</c> and <c>after</c>; a limit that is not a positive number is E0000001.</summary>
    public static bool TryRead(HttpRequest request, out PageRequest page, out IResult? error)
    {
        page = new PageRequest(MaxLimit, null);
        error = null;
        var limitText = request.Query["limit"].ToString();
        var limit = MaxLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            // A limit too large to parse is still a request for "as many as possible".
            if (limitText.All(char.IsAsciiDigit) && limitText.TrimStart('0').Length > 0)
            {
                limit = MaxLimit;
            }
            else
            {
                error = ManagementErrors.Validation("limit", "limit: must be a positive integer");
                return false;
            }
        }

        var after = request.Query["after"].ToString();
        page = new PageRequest(Math.Min(limit, MaxLimit), after.Length > 0 ? after : null);
        return true;
    }

    /// <summary>Orders by <paramref name="key"/> and skips to after the cursor; fetches one extra to know whether a next page exists.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> query, Expression<Func<T, string>> key)
    {
        if (After is { } after)
        {
            var cursor = new Cursor(after);
            var compare = Expression.Call(
                typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!,
                key.Body,
                Expression.Property(Expression.Constant(cursor), nameof(Cursor.Value)));
            query = query.Where(Expression.Lambda<Func<T, bool>>(Expression.GreaterThan(compare, Expression.Constant(0)), key.Parameters));
        }

        return query.OrderBy(key).Take(Limit + 1);
    }

    /// <summary>For collections already in memory: the same order and cursor as <see cref="Apply{T}(IQueryable{T}, Expression{Func{T, string}})"/>.</summary>
    public IReadOnlyList<T> Apply<T>(IEnumerable<T> items, Func<T, string> key) =>
        [.. items.Where(item => After is null || string.CompareOrdinal(key(item), After) > 0).OrderBy(key, StringComparer.Ordinal).Take(Limit + 1)];

    /// <summary>Trims the extra item and writes the <c>Link</c> headers with the configured origin (never the Host header).</summary>
    public IReadOnlyList<T> Complete<T>(IReadOnlyList<T> fetched, Func<T, string> key, HttpContext http, string origin)
    {
        var page = fetched.Count > Limit ? fetched.Take(Limit).ToList() : fetched;
        var request = http.Request;
        var baseUrl = origin + request.PathBase + request.Path;
        var self = baseUrl + request.QueryString;
        http.Response.Headers.Append("Link", $"<{self}>; rel=\"self\"");
        if (fetched.Count > Limit)
        {
            var query = new QueryBuilder(request.Query.Where(pair => !string.Equals(pair.Key, "after", StringComparison.OrdinalIgnoreCase))
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty))))
            {
                { "after", key(page[^1]) },
            };
            http.Response.Headers.Append("Link", $"<{baseUrl}{query.ToQueryString()}>; rel=\"next\"");
        }

        return page;
    }

    private sealed record Cursor(string Value);
}
