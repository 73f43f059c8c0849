using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>An authorization server's RS256 key, ready to sign (<see cref="Credentials"/>) and to publish.</summary>
internal sealed record SigningKey(
    string KeyId,
    RsaSecurityKey PrivateKey,
    SigningCredentials Credentials,
    DateTimeOffset ActivatesAt,
    DateTimeOffset? RetiredAt)
{
    // Exporting the public parameters costs ≈ 0.3 ms on OpenSSL 3 (its encoder lookups take global locks), which had
    // been most of a JWKS request's CPU (docs/performance.md); the key never changes, so it is exported once.
    private (string Exponent, string Modulus)? _publicParameters;

    /// <summary>The JWK with the public parameters only (never <c>d</c>, <c>p</c>, <c>q</c>…), a new object each time.</summary>
    public JsonWebKey ToPublicJsonWebKey()
    {
        var (exponent, modulus) = _publicParameters ??= ExportPublicParameters(PrivateKey);
        return new JsonWebKey
        {
            Kty = JsonWebAlgorithmsKeyTypes.RSA,
            Alg = SecurityAlgorithms.RsaSha256,
            Use = JsonWebKeyUseNames.Sig,
            Kid = KeyId,
            E = exponent,
            N = modulus,
        };
    }

    private static (string Exponent, string Modulus) ExportPublicParameters(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return (Base64UrlEncoder.Encode(parameters.Exponent), Base64UrlEncoder.Encode(parameters.Modulus));
    }
}
