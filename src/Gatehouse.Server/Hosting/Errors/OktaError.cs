using System.Text.Json.Serialization;

using Gatehouse.Core.Identifiers;

namespace Gatehouse.Server.Hosting.Errors;

/// <summary>
/// Okta's error body (okta-reference.md §3): <c>{errorCode, errorSummary, errorLink, errorId, errorCauses}</c>, where
/// <c>errorLink</c> repeats the code and <c>errorId</c> is a fresh <c>oae…</c> id to quote in a support request.
/// </summary>
internal sealed record OktaError(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("errorSummary")] string ErrorSummary,
    [property: JsonPropertyName("errorLink")] string ErrorLink,
    [property: JsonPropertyName("errorId")] string ErrorId,
    [property: JsonPropertyName("errorCauses")] IReadOnlyList<OktaErrorCause> ErrorCauses)
{
    public static OktaError Create(string code, string summary, params IEnumerable<string> causes) =>
        new(code, summary, code, "oae" + OktaId.RandomString(19), [.. causes.Select(cause => new OktaErrorCause(cause))]);
}

internal sealed record OktaErrorCause([property: JsonPropertyName("errorSummary")] string ErrorSummary);
