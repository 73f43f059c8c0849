namespace Gatehouse.Core.Keys;

/// <summary>
/// A persistent key. <see cref="ProtectedKey"/> is the key encrypted with ASP.NET Core Data Protection, whose own
/// key ring is encrypted with the key-encryption certificate: nothing usable is stored in the database in clear.
/// </summary>
public sealed class KeyMaterial
{
    /// <summary>The key id; the <c>kid</c> of a signing key.</summary>
    public required string Id { get; set; }

    public required KeyPurpose Purpose { get; set; }

    /// <summary>The authorization server a signing key belongs to; empty for the org server; null for global keys.</summary>
    public string? AuthorizationServerId { get; set; }

    public required string Algorithm { get; set; }

    public required string ProtectedKey { get; set; }

    public DateTimeOffset Created { get; set; }

    /// <summary>When the key starts signing; it is published in JWKS from <see cref="Created"/> on.</summary>
    public DateTimeOffset ActivatesAt { get; set; }

    /// <summary>When the key stops signing; null while it is the newest key.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}

public enum KeyPurpose
{
    Signing,
    TokenEncryption,
    SecretHashing,
}
