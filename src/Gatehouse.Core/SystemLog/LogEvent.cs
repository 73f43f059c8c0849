namespace Gatehouse.Core.SystemLog;

/// <summary>
/// One System Log event as Okta's <c>/api/v1/logs</c> returns it. <see cref="Document"/> holds the whole Okta-shaped
/// JSON; the other columns are copies of the fields the API filters and orders on, so queries never parse JSON.
/// Nothing secret is ever stored here: no passwords, tokens, codes or client secrets.
/// </summary>
public sealed class LogEvent
{
    /// <summary>Insertion order: breaks ties between events published in the same tick, for stable cursors.</summary>
    public long Sequence { get; set; }

    public required string Uuid { get; set; }

    public DateTimeOffset Published { get; set; }

    public required string EventType { get; set; }

    public required string Severity { get; set; }

    public string? OutcomeResult { get; set; }

    public string? ActorId { get; set; }

    public List<string> TargetIds { get; set; } = [];

    /// <summary>Lower-case keywords between spaces (<c>" a b "</c>), for Okta's exact keyword search <c>q</c>.</summary>
    public required string Keywords { get; set; }

    public required string Document { get; set; }
}
