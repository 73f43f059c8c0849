using System.Collections.Concurrent;
using System.Text.Json;

using Gatehouse.Core.SystemLog;
using Gatehouse.Core.Users;
using Gatehouse.Server.Hosting.Storage;
using Gatehouse.Storage;

namespace Gatehouse.Server.SystemLog;

/// <summary>
/// Records System Log events (Okta's LogEvent shape). Events are written in their own database scope, so recording
/// never commits or discards a caller's pending changes, and a failure to record is logged, never thrown into the
/// flow that is being audited.
/// </summary>
internal sealed partial class SystemLogRecorder(
    IServiceScopeFactory scopes,
    IHttpContextAccessor httpContextAccessor,
    TimeProvider timeProvider,
    ILogger<SystemLogRecorder> logger) : IDisposable
{
    private readonly ConcurrentQueue<PendingEvents> _queue = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Okta's actor for users: <c>alternateId</c> is the login.</summary>
    public static LogEntity UserEntity(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new LogEntity(user.Id, "User", user.UserName, user.DisplayName);
    }

    public Task RecordAsync(LogEventDraft draft) => RecordAllAsync([draft]);

    /// <summary>
    /// Several events of one request (the tokens of one grant) in one transaction, shared with the events other
    /// requests are recording at the same moment: whoever holds the write lock writes everything queued so far in one
    /// <c>SaveChanges</c> (a group write, as <see cref="SqliteGroupCommit"/> shares one fsync), and every request returns
    /// once its own events are committed — an event is never acknowledged before it is stored. One context and one
    /// transaction per grant had been ≈ 10 % of a token request's CPU (docs/performance.md).
    /// </summary>
    public async Task RecordAllAsync(IReadOnlyCollection<LogEventDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return;
        }

        var pending = new PendingEvents(drafts.Select(ToLogEvent).ToList(), string.Join(", ", drafts.Select(draft => draft.EventType)));
        _queue.Enqueue(pending);
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!pending.Written.Task.IsCompleted)
            {
                await WriteQueuedAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        if (await pending.Written.Task.ConfigureAwait(false) is { } failure)
        {
            LogRecordFailed(logger, pending.EventTypes, failure);
            return;
        }

        // Another request's transaction may have carried these events: this response waits for it to be durable too.
        RequestCommits.NoteCommitOfCurrentRequest();
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<PendingEvents>();
        while (_queue.TryDequeue(out var queued))
        {
            batch.Add(queued);
        }

        Exception? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            foreach (var queued in batch)
            {
                database.LogEvents.AddRange(queued.Events);
            }

            // Not a request's token: an event of a completed change is recorded even if the caller disconnects.
            await database.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failure = exception;
        }

        foreach (var queued in batch)
        {
            queued.Written.TrySetResult(failure);
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

    public void Dispose() => _writeLock.Dispose();

    /// <summary>One request's events; <see cref="Written"/> completes with null once committed, or with the failure.</summary>
    private sealed record PendingEvents(List<LogEvent> Events, string EventTypes)
    {
        public TaskCompletionSource<Exception?> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the System Log event {EventType}")]
    private static partial void LogRecordFailed(ILogger logger, string eventType, Exception exception);
}
