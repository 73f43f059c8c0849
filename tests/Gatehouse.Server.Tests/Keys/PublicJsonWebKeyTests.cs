using System.Security.Cryptography;

using Gatehouse.Server.Protocol.Keys;

using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests.Keys;

/// <summary>
/// A signing key's JWK is exported from the RSA key once (Protocol/Keys/SigningKey: ≈ 0.3 ms per export on OpenSSL 3,
/// most of a JWKS request), holds only the public parameters, and each call returns its own object.
/// </summary>
public sealed class PublicJsonWebKeyTests
{
    [Fact]
    public void PublicParameters_ExportedOnce_NewObjectEachTime()
    {
        var rsa = RSA.Create(2048);
        var expected = rsa.ExportParameters(includePrivateParameters: false);
        var securityKey = new RsaSecurityKey(rsa) { KeyId = "kid-1" };
        var key = new SigningKey("kid-1", securityKey, new SigningCredentials(securityKey, SecurityAlgorithms.RsaSha256), DateTimeOffset.UnixEpoch, null);

        var first = key.ToPublicJsonWebKey();
        rsa.Dispose(); // A second export would throw.
        var second = key.ToPublicJsonWebKey();
        var rotatedCopy = (key with { RetiredAt = DateTimeOffset.UnixEpoch }).ToPublicJsonWebKey();

        Assert.Equal(Base64UrlEncoder.Encode(expected.Modulus), first.N);
        Assert.Equal(Base64UrlEncoder.Encode(expected.Exponent), first.E);
        Assert.Equal(("kid-1", "RS256", "sig", "RSA"), (first.Kid, first.Alg, first.Use, first.Kty));
        Assert.Null(first.D);
        Assert.Null(first.P);
        Assert.NotSame(first, second);
        Assert.Equal((first.N, first.E), (second.N, second.E));
        Assert.Equal((first.N, first.E), (rotatedCopy.N, rotatedCopy.E));
    }
}
