using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.TrustedOrigins;

/// <summary>
/// An Okta trusted origin (<c>/api/v1/trustedOrigins</c>): a web origin that browsers may call Gatehouse from
/// (the CORS scope) or that Gatehouse may redirect to after sign-in or sign-out (the REDIRECT scope).
/// </summary>
public sealed class TrustedOrigin
{
    /// <summary>Okta's id prefix for trusted origins (<c>tos…</c>).</summary>
    public const string IdPrefix = "tos";

    public string Id { get; set; } = OktaId.New(IdPrefix);

    public required string Name { get; set; }

    /// <summary>The ASCII serialization of the origin (RFC 6454 §6.2): lowercase scheme and host, no default port.</summary>
    public required string Origin { get; set; }

    public bool Cors { get; set; }

    public bool Redirect { get; set; }

    public TrustedOriginStatus Status { get; set; } = TrustedOriginStatus.Active;

    public DateTimeOffset Created { get; set; }

    /// <summary>The id of the admin who created it.</summary>
    public string? CreatedBy { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    public string? LastUpdatedBy { get; set; }
}

public enum TrustedOriginStatus
{
    Active,
    Inactive,
}
