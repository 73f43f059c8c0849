using System.Globalization;
using System.Linq.Expressions;

using Gatehouse.Core.SystemLog;
using Gatehouse.Server.ManagementApi;
using Gatehouse.Server.ManagementApi.Search;

namespace Gatehouse.Server.SystemLog.Api;

/// <summary>
/// The parameters of <c>GET /api/v1/logs</c> (Okta's System Log API, "Request parameters"): <c>since</c>/<c>until</c>
/// (RFC 3339; <c>since</c> defaults to 7 days before <c>until</c> or now), <c>filter</c> (SCIM-like), <c>q</c> (at most 10
/// keywords of at most 40 characters, all must match), <c>sortOrder</c> (ASCENDING by default), <c>limit</c> (0–1000,
/// default 100) and the opaque <c>after</c> cursor. Every invalid value is a 400 with Okta's code, never a 500.
/// </summary>
internal sealed record LogQuery(
    DateTimeOffset Since,
    DateTimeOffset? Until,
    Expression<Func<LogEvent, bool>>? Filter,
    IReadOnlyList<string> Keywords,
    bool Descending,
    int Limit,
    LogCursor? After)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private const int MaxKeywords = 10;
    private const int MaxKeywordLength = 40;

    private static readonly Dictionary<string, Expression<Func<LogEvent, string?>>> Attributes = new(StringComparer.Ordinal)
    {
        ["eventType"] = logEvent => logEvent.EventType,
        ["outcome.result"] = logEvent => logEvent.OutcomeResult,
        ["actor.id"] = logEvent => logEvent.ActorId,
        ["severity"] = logEvent => logEvent.Severity,
        ["uuid"] = logEvent => logEvent.Uuid,
    };

    private static readonly Dictionary<string, Expression<Func<LogEvent, IEnumerable<string>>>> Collections = new(StringComparer.Ordinal)
    {
        ["target.id"] = logEvent => logEvent.TargetIds,
    };

    /// <summary>Okta's polling request: no <c>until</c>, ascending. Its pages never end: a <c>next</c> link is always there.</summary>
    public bool IsPolling => Until is null && !Descending;

    public static bool TryRead(HttpRequest request, DateTimeOffset now, out LogQuery query, out IResult? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = TryRead(request.Query, now, out query, out var problem);
        error = problem?.ToResult();
        return read;
    }

    /// <summary>The same parameters from any query collection (the admin console's System Log page builds one).</summary>
    public static bool TryRead(IQueryCollection parameters, DateTimeOffset now, out LogQuery query, out LogQueryError? error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        query = null!;
        if (!TryReadDate(parameters["until"], "until", out var until, out error) || !TryReadDate(parameters["since"], "since", out var since, out error))
        {
            return false;
        }

        var lower = since ?? (until ?? now) - TimeSpan.FromDays(7);
        if (until is { } upper && lower > upper)
        {
            error = new LogQueryError(null, "'since': must be before 'until'.", "since: must be before until");
            return false;
        }

        var sortOrder = parameters["sortOrder"].ToString();
        if (sortOrder.Length > 0 && sortOrder is not ("ASCENDING" or "DESCENDING"))
        {
            error = new LogQueryError(null, "'sortOrder': must be ASCENDING or DESCENDING.", "sortOrder: must be ASCENDING or DESCENDING");
            return false;
        }

        var limitText = parameters["limit"].ToString();
        var limit = DefaultLimit;
        if (limitText.Length > 0 && !int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            // Only digits but too large for an int: as many as allowed, as PageRequest does.
            if (limitText.Length > 0 && limitText.All(char.IsAsciiDigit))
            {
                limit = MaxLimit;
            }
            else
            {
                error = new LogQueryError(null, "'limit': must be an integer between 0 and 1000.", "limit: must be an integer between 0 and 1000");
                return false;
            }
        }

        var filterText = parameters["filter"].ToString();
        Expression<Func<LogEvent, bool>>? filter = null;
        if (filterText.Length > 0 && (filter = SearchExpression.TryParse(filterText, Attributes, collections: Collections)) is null)
        {
            // Okta answers an invalid log filter with E0000053 (System Log API, "Errors").
            error = new LogQueryError("E0000053", $"Invalid filter '{Truncate(filterText)}'", null);
            return false;
        }

        var keywords = parameters["q"].ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (keywords.Length > MaxKeywords || keywords.Any(keyword => keyword.Length > MaxKeywordLength))
        {
            error = new LogQueryError(null,
                "'q': Freeform search cannot contain items longer than 40 characters or more than 10 items.",
                "q: Freeform search cannot contain items longer than 40 characters or more than 10 items. Please shorten the items in your search or use an advanced filter to query by specific fields.");
            return false;
        }

        LogCursor? after = null;
        if (parameters["after"].ToString() is { Length: > 0 } afterText && (after = LogCursor.TryParse(afterText)) is null)
        {
            error = new LogQueryError(null, "'after': invalid cursor.", "after: The cursor is not valid; use the next link of a previous response");
            return false;
        }

        query = new LogQuery(lower, until, filter, [.. keywords.Select(keyword => keyword.ToLowerInvariant())], sortOrder == "DESCENDING", Math.Min(limit, MaxLimit), after);
        return true;
    }

    private static bool TryReadDate(string? text, string name, out DateTimeOffset? value, out LogQueryError? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            && text.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            value = parsed;
            return true;
        }

        error = new LogQueryError(null,
            $"'{name}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.",
            $"{name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.");
        return false;
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}

/// <summary>Why a System Log query was refused: Okta's error code (E0000001 unless given), summary and cause.</summary>
internal sealed record LogQueryError(string? Code, string Summary, string? Cause)
{
    /// <summary>The message for a person: the cause when there is one, else the summary.</summary>
    public string Message => Cause ?? Summary;

    public IResult ToResult() => Code is null
        ? ManagementErrors.Validation(Summary, Cause ?? Summary)
        : ManagementErrors.Error(StatusCodes.Status400BadRequest, Code, Summary);
}
