using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Cli.Logs;

/// <summary>
/// <c>gatehouse logs [--since] [--filter] [--query] [--follow]</c>: the system log (<c>/api/v1/logs</c>), oldest
/// first. Following polls the <c>next</c> link, as Okta documents for tailing the log: it stays valid and returns only
/// newer events. The filters are passed through as Okta's <c>filter</c> and <c>q</c>, so they mean what they mean there.
/// </summary>
internal static class LogsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var since = new Option<string?>("--since") { Description = "Start at this time (ISO-8601) or this long ago (e.g. 15m, 2h, 1d). Default 15m" };
        var filter = new Option<string?>("--filter") { Description = "An expression, e.g. 'eventType eq \"user.session.start\"'" };
        var query = new Option<string?>("--query", "-q") { Description = "Keywords every event shown must contain" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until Ctrl-C" };
        var command = CliOptions.Verb("logs", "Show the system log (sign-ins, admin changes).", reads: true);
        foreach (var option in new Option[] { since, filter, query, follow })
        {
            command.Options.Add(option);
        }

        CliAction.Set(command, environment, async (context, cancellationToken) =>
        {
            var start = Since(context.Parse.GetValue(since), context.Env.Time.GetUtcNow());
            using var client = context.Connect();
            string? next = $"api/v1/logs?sortOrder=ASCENDING&since={Uri.EscapeDataString(start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))}";
            if (context.Parse.GetValue(filter) is { Length: > 0 } expression)
            {
                next += "&filter=" + Uri.EscapeDataString(expression);
            }

            if (context.Parse.GetValue(query) is { Length: > 0 } keywords)
            {
                next += "&q=" + Uri.EscapeDataString(keywords);
            }
            while (next is not null)
            {
                var (body, link) = await client.GetPageAsync(next, cancellationToken);
                var events = body as JsonArray ?? [];
                foreach (var entry in events)
                {
                    if (context.Json)
                    {
                        context.Env.Out.WriteLine(entry?.ToJsonString());
                    }
                    else
                    {
                        context.Line($"{entry?["published"]}\t{entry?["eventType"]}\t{entry?["actor"]?["alternateId"]}\t{entry?["outcome"]?["result"]}\t{entry?["displayMessage"]}");
                    }
                }

                if (!context.Parse.GetValue(follow))
                {
                    // Without --follow: only what exists now (pages until one comes back short or empty).
                    next = events.Count > 0 ? link : null;
                    continue;
                }

                next = link ?? next;
                if (events.Count == 0)
                {
                    await Task.Delay(context.Env.LogsPollInterval, context.Env.Time, cancellationToken);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DateTimeOffset Since(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return now.AddMinutes(-15);
        }

        if (value.Length > 1 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            switch (value[^1])
            {
                case 'm': return now.AddMinutes(-amount);
                case 'h': return now.AddHours(-amount);
                case 'd': return now.AddDays(-amount);
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CliException(ExitCodes.Usage, $"--since {value}: give an ISO-8601 time or a duration like 15m, 2h, 1d.");
    }
}
