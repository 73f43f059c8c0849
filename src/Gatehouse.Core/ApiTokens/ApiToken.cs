using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.ApiTokens;

/// <summary>An SSWS API token. Only a keyed hash of the token value is stored; the value is shown once.</summary>
public sealed class ApiToken
{
    public string Id { get; set; } = OktaId.NewApiTokenId();

    public required string Name { get; set; }

    public required string UserId { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset? LastUsed { get; set; }

    public DateTimeOffset? Revoked { get; set; }
}
