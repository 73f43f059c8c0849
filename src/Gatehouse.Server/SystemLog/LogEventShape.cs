using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Server.SystemLog;

/// <summary>An actor or target of an event (Okta's System Log API, Actor and Target objects).</summary>
internal sealed record LogEntity(string Id, string Type, string? AlternateId = null, string? DisplayName = null);

/// <summary>Okta's outcome: <c>SUCCESS</c>, <c>FAILURE</c>, <c>SKIPPED</c>, <c>ALLOW</c>, <c>DENY</c>, <c>CHALLENGE</c> or <c>UNKNOWN</c>.</summary>
internal sealed record LogOutcome(string Result, string? Reason = null)
{
    public static LogOutcome Success { get; } = new("SUCCESS");

    public static LogOutcome Failure(string reason) => new("FAILURE", reason);
}

/// <summary>What a caller knows about an event; <see cref="SystemLogRecorder"/> adds time, ids and the HTTP client.</summary>
internal sealed record LogEventDraft(string EventType, string DisplayMessage, LogEntity? Actor, LogOutcome Outcome)
{
    public string Severity { get; init; } = "INFO";

    public IReadOnlyList<LogEntity> Targets { get; init; } = [];

    /// <summary>Only non-secret values: grant types, scopes, request paths — never tokens, codes or passwords.</summary>
    public IReadOnlyDictionary<string, string?> DebugData { get; init; } = new Dictionary<string, string?>();

    /// <summary>Okta's authenticationContext (authenticationProvider, credentialType, …); null when not an authentication.</summary>
    public IReadOnlyDictionary<string, string?>? AuthenticationContext { get; init; }
}

/// <summary>The JSON document stored and returned as is: Okta's LogEvent object.</summary>
internal sealed record LogEventDocument(
    string Uuid,
    DateTimeOffset Published,
    string EventType,
    string Version,
    string Severity,
    string DisplayMessage,
    LogEntity Actor,
    LogClient? Client,
    LogOutcome Outcome,
    IReadOnlyList<LogEntity> Target,
    LogTransaction Transaction,
    LogDebugContext DebugContext,
    IReadOnlyDictionary<string, string?>? AuthenticationContext)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(ManagementApi.ManagementJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal sealed record LogClient(LogUserAgent? UserAgent, string Zone, string? IpAddress, string Device = "Unknown");

internal sealed record LogUserAgent(string RawUserAgent, string Os = "Unknown", string Browser = "UNKNOWN");

internal sealed record LogTransaction(string Type, string Id);

internal sealed record LogDebugContext(IReadOnlyDictionary<string, string?> DebugData);
