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
    /// <summary>The JWK with the public parameters only (never <c>d</c>, <c>p</c>, <c>q</c>…).</summary>
    public JsonWebKey ToPublicJsonWebKey()
    {
        var parameters = PrivateKey.Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonWebKey
        {
            Kty = JsonWebAlgorithmsKeyTypes.RSA,
            Alg = SecurityAlgorithms.RsaSha256,
            Use = JsonWebKeyUseNames.Sig,
            Kid = KeyId,
            E = Base64UrlEncoder.Encode(parameters.Exponent),
            N = Base64UrlEncoder.Encode(parameters.Modulus),
        };
    }
}
