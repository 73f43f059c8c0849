using System.Text.Json;

using Gatehouse.Core.Users;
using Gatehouse.Server.Hosting;
using Gatehouse.Server.SystemLog.Api;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Server.Areas.Admin.Pages.Reports;

/// <summary>
/// Reports &gt; System Log: the events of <c>GET /api/v1/logs</c> (the same <see cref="LogQuery"/> rules and messages,
/// the same <see cref="LogSearch"/>), newest first, a page at a time, with filters on event type, actor, target,
/// outcome, time range and keywords. Read-only admins may read it.
/// </summary>
internal sealed class SystemLogModel(GatehouseDbContext database, UserManager<GatehouseUser> users, IOptions<GatehouseOptions> options) : AdminPageModel
{
    public const int PageSize = 25;

    public static readonly string[] Outcomes = ["SUCCESS", "FAILURE", "ALLOW", "DENY", "SKIPPED", "CHALLENGE", "UNKNOWN"];

    [BindProperty(SupportsGet = true)]
    public string? EventType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Since { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Until { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public List<EventRow> Events { get; private set; } = [];

    /// <summary>The next (older) page with the same filters; null on the last page.</summary>
    public string? NextPage { get; private set; }

    public async Task OnGetAsync()
    {
        var parameters = new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["sortOrder"] = "DESCENDING",
            ["limit"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var clauses = new List<string>();
        await AddClauseAsync(clauses, "eventType", "Event type", EventType?.Trim(), resolveUser: false);
        await AddClauseAsync(clauses, "actor.id", "Actor", Actor?.Trim(), resolveUser: true);
        await AddClauseAsync(clauses, "target.id", "Target", Target?.Trim(), resolveUser: true);
        if (!string.IsNullOrEmpty(Outcome))
        {
            if (Outcomes.Contains(Outcome, StringComparer.Ordinal))
            {
                clauses.Add($"outcome.result eq \"{Outcome}\"");
            }
            else
            {
                Errors.Add("Outcome: Choose one of the listed outcomes.");
            }
        }

        if (clauses.Count > 0)
        {
            parameters["filter"] = string.Join(" and ", clauses);
        }

        foreach (var (name, value) in new[] { ("since", Since), ("until", Until), ("q", Q), ("after", After) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parameters[name] = value.Trim();
            }
        }

        if (Errors.Count > 0)
        {
            return;
        }

        var now = Clock.GetUtcNow();
        if (!LogQuery.TryRead(new QueryCollection(parameters), now, out var query, out var error))
        {
            Errors.Add(error!.Message);
            return;
        }

        var (page, hasMore) = await LogSearch.FetchAsync(database.LogEvents, query, now, options.Value.SystemLogRetention, HttpContext.RequestAborted);
        Events = [.. page.Select(row => EventRow.Parse(row.Document))];
        if (hasMore)
        {
            var next = new QueryBuilder(Request.Query
                .Where(pair => !string.Equals(pair.Key, "after", StringComparison.OrdinalIgnoreCase))
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty))))
            {
                { "after", page[^1].Cursor.ToString() },
            };
            NextPage = "/admin/reports/system-log" + next.ToQueryString();
        }
    }

    /// <summary>An <c>eq</c> clause of the API's filter; an actor or target may be given by login, recorded by id.</summary>
    private async Task AddClauseAsync(List<string> clauses, string attribute, string label, string? value, bool resolveUser)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.IndexOfAny(['"', '\\']) >= 0)
        {
            Errors.Add($"{label}: Quotes and backslashes are not allowed.");
            return;
        }

        if (resolveUser && await users.FindByNameAsync(value) is { } user)
        {
            value = user.Id;
        }

        clauses.Add($"{attribute} eq \"{value}\"");
    }
}

/// <summary>What the table shows of one Okta LogEvent.</summary>
internal sealed record EventRow(DateTimeOffset Published, string EventType, string Message, string Actor, string Targets, string Outcome, string? Reason, string? IpAddress)
{
    public static EventRow Parse(string document)
    {
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        var actor = root.TryGetProperty("actor", out var actorElement) ? Describe(actorElement) : "unknown";
        var targets = root.TryGetProperty("target", out var targetElement) && targetElement.ValueKind == JsonValueKind.Array
            ? string.Join(", ", targetElement.EnumerateArray().Select(Describe))
            : string.Empty;
        var outcome = root.TryGetProperty("outcome", out var outcomeElement) ? outcomeElement : default;
        return new EventRow(
            root.GetProperty("published").GetDateTimeOffset(),
            Text(root, "eventType") ?? string.Empty,
            Text(root, "displayMessage") ?? string.Empty,
            actor,
            targets,
            outcome.ValueKind == JsonValueKind.Object ? Text(outcome, "result") ?? "UNKNOWN" : "UNKNOWN",
            outcome.ValueKind == JsonValueKind.Object ? Text(outcome, "reason") : null,
            root.TryGetProperty("client", out var client) && client.ValueKind == JsonValueKind.Object ? Text(client, "ipAddress") : null);
    }

    private static string Describe(JsonElement entity)
    {
        var type = Text(entity, "type");
        var name = Text(entity, "alternateId") ?? Text(entity, "displayName") ?? Text(entity, "id");
        return type is null ? name ?? string.Empty : $"{name} ({type})";
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
