using Gatehouse.Server.Hosting;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

namespace Gatehouse.Server.Tests.Keys;

/// <summary>JWKS may be cached, but for less time than a new key is published before it signs.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class KeySetCacheHeaderTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Keys_CacheableForLessThanThePropagationDelay()
    {
        var defaults = new GatehouseOptions();
        using var http = Server.CreateClient();
        foreach (var issuer in new[] { Server.Origin, Server.DefaultIssuer })
        {
            using var response = await http.GetAsync(new Uri(Issued.EndpointBase(issuer) + "/keys"));
            response.EnsureSuccessStatusCode();
            var cacheControl = response.Headers.CacheControl!;

            Assert.True(cacheControl.Public);
            Assert.False(cacheControl.NoStore);
            Assert.False(cacheControl.NoCache);
            Assert.Equal(TimeSpan.FromHours(1), cacheControl.MaxAge);
            Assert.True(cacheControl.MaxAge + defaults.SigningKeyCheckInterval <= defaults.SigningKeyPropagationDelay);
            Assert.Empty(response.Headers.Pragma);
            Assert.Null(response.Content.Headers.Expires);
        }
    }

    [Fact]
    public async Task Token_StaysNoStore()
    {
        using var http = Server.CreateClient();
        var token = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(Server.DefaultIssuer), "orders.read");
        Assert.True(token.Response.Headers.CacheControl!.NoStore);
    }
}
