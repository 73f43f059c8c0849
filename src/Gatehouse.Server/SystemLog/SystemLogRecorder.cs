using System.Text.Json;

using Gatehouse.Core.SystemLog;
using Gatehouse.Core.Users;
using Gatehouse.Storage;

namespace Gatehouse.Server.SystemLog;

/// <summary>
/// Records System Log events (Okta's LogEvent shape). Each event is written in its own database scope, so recording
/// never commits or discards a caller's pending changes, and a failure to record is logged, never thrown into the
/// flow that is being audited.
/// </summary>
internal sealed partial class SystemLogRecorder(
    IServiceScopeFactory scopes,
    IHttpContextAccessor httpContextAccessor,
    TimeProvider timeProvider,
    ILogger<SystemLogRecorder> logger)
{
    /// <summary>Okta's actor for users: <c>alternateId</c> is the login.</summary>
    public static LogEntity UserEntity(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new LogEntity(user.Id, "User", user.UserName, user.DisplayName);
    }

    public Task RecordAsync(LogEventDraft draft) => RecordAllAsync([draft]);

    /// <summary>Several events of one request (the tokens of one grant) in one transaction.</summary>
    public async Task RecordAllAsync(IReadOnlyCollection<LogEventDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return;
        }

        var events = drafts.Select(ToLogEvent).ToList();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            database.LogEvents.AddRange(events);
            // Not the request's token: an event of a completed change is recorded even if the caller disconnects.
            await database.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRecordFailed(logger, string.Join(", ", drafts.Select(draft => draft.EventType)), exception);
        }
    }

    private LogEvent ToLogEvent(LogEventDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var http = httpContextAccessor.HttpContext;
        var actor = draft.Actor ?? new LogEntity("unknown", "User", "unknown", "unknown");
        var document = new LogEventDocument(
            Guid.NewGuid().ToString(),
            timeProvider.GetUtcNow(),
            draft.EventType,
            Version: "0",
            draft.Severity,
            draft.DisplayMessage,
            actor,
            http is null ? null : ClientOf(http),
            draft.Outcome,
            draft.Targets,
            new LogTransaction(http is null ? "JOB" : "WEB", http?.TraceIdentifier ?? Guid.NewGuid().ToString("N")),
            new LogDebugContext(http is null ? draft.DebugData : WithRequestUri(draft.DebugData, http)),
            draft.AuthenticationContext);

        return new LogEvent
        {
            Uuid = document.Uuid,
            Published = document.Published,
            EventType = document.EventType,
            Severity = document.Severity,
            OutcomeResult = document.Outcome.Result,
            ActorId = actor.Id,
            TargetIds = [.. draft.Targets.Select(target => target.Id)],
            Keywords = LogKeywords.Of(document),
            Document = JsonSerializer.Serialize(document, LogEventDocument.JsonOptions),
        };
    }

    private static LogClient ClientOf(HttpContext http)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new LogClient(
            userAgent.Length == 0 ? null : new LogUserAgent(userAgent.Length > 512 ? userAgent[..512] : userAgent),
            // No network zones in Gatehouse: Okta writes the string "null" when no zone matches.
            Zone: "null",
            http.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>The path only: a query string may carry a code or a token.</summary>
    private static Dictionary<string, string?> WithRequestUri(IReadOnlyDictionary<string, string?> debugData, HttpContext http) =>
        new(debugData) { ["requestUri"] = http.Request.PathBase + http.Request.Path };

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the System Log event {EventType}")]
    private static partial void LogRecordFailed(ILogger logger, string eventType, Exception exception);
}
