namespace Gatehouse.Server.Pages.ProtocolErrors;

/// <summary>
/// An OAuth/OIDC error shown on Gatehouse itself because it cannot be sent back to the client: the client or its
/// redirect URI is not trusted (RFC 6749 §4.1.2.1: never redirect to an unverified redirect URI).
/// </summary>
public sealed record ProtocolErrorModel(string Title, string Error, string? Description);
