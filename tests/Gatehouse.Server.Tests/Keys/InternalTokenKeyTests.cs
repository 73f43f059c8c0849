using System.Net;

using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests.Keys;

/// <summary>
/// Codes' and refresh tokens' payloads are MAC'd with a per-server key derived from the token-encryption secret
/// (KeyRing.GetInternalTokenCredentials): HMAC, different for each server, never published, and the same after a
/// restart — so refresh tokens keep working and never cross servers.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class InternalTokenKeyTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task InternalKeys_AreHmacPerServerAndAbsentFromJwks()
    {
        var keyRing = Server.Services.GetRequiredService<KeyRing>();
        var org = keyRing.GetInternalTokenCredentials("");
        var custom = keyRing.GetInternalTokenCredentials("default");
        var defaultServerId = keyRing.GetActiveSigningKey("default").KeyId;

        Assert.Equal(SecurityAlgorithms.HmacSha256, org.Algorithm);
        Assert.NotEqual(((SymmetricSecurityKey)org.Key).Key, ((SymmetricSecurityKey)custom.Key).Key);
        using var http = Server.CreateClient();
        foreach (var keys in new[] { $"{Server.Origin}/oauth2/v1/keys", $"{Server.DefaultIssuer}/v1/keys" })
        {
            var jwks = await http.GetStringAsync(new Uri(keys));
            Assert.DoesNotContain(org.Key.KeyId, jwks, StringComparison.Ordinal);
            Assert.DoesNotContain(custom.Key.KeyId, jwks, StringComparison.Ordinal);
            Assert.DoesNotContain("\"oct\"", jwks, StringComparison.Ordinal);
        }

        Assert.NotEqual(defaultServerId, custom.Key.KeyId);
    }

    [Fact]
    public async Task RefreshToken_OfOneServerIsRefusedAtTheOther()
    {
        var (_, tokens) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        using var http = Server.CreateClient();

        var atOrg = await new TokenClient(http).RefreshAsync(Issued.EndpointBase(Server.Origin), tokens["refresh_token"]!);
        var atDefault = await new TokenClient(http).RefreshAsync(Issued.EndpointBase(Server.DefaultIssuer), tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.BadRequest, atOrg.Status);
        Assert.Equal("invalid_grant", atOrg["error"]);
        Assert.Equal(HttpStatusCode.OK, atDefault.Status);
    }
}
