using System.Text.Json;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>Reads and verifies JWTs the way a relying party does: against the issuer's published JWKS.</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Decode(token.Split('.')[0]);

    public static JsonElement Payload(string token) => Decode(token.Split('.')[1]);

    public static async Task<TokenValidationResult> ValidateAsync(HttpClient http, string jwksUri, string token, string issuer, string audience)
    {
        var jwks = new JsonWebKeySet(await http.GetStringAsync(jwksUri));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = false,
        });
    }

    private static JsonElement Decode(string segment) => JsonDocument.Parse(Base64UrlEncoder.Decode(segment)).RootElement.Clone();
}
