using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

using static Gatehouse.Server.Tests.Keys.KeyRotationDriver;

namespace Gatehouse.Server.Tests.Conformance;

/// <summary>
/// oidcc-server-rotate-keys: the suite fetches an ID token, has the operator rotate the signing key, fetches
/// another ID token, and checks it is signed by a new key found in the JWKS, which still holds the old key
/// (conformance.md). Gatehouse publishes the new key before it signs, so the second token is fetched once the
/// propagation delay has passed on the server's clock.
/// </summary>
public sealed class RotateKeysConformanceTests
{
    [Fact]
    public async Task OidccServerRotateKeys_JwksGainsNewKeyAndKeepsOld()
    {
        await using var server = await GatehouseServer.StartAsync();
        string[] issuers = [server.Origin, server.DefaultIssuer];
        var first = new Dictionary<string, string>();
        foreach (var issuer in issuers)
        {
            var (_, tokens) = await Issued.TokensAsync(server, issuer);
            first[issuer] = tokens["id_token"]!;
            await AssertValidAgainstJwksAsync(server, issuer, first[issuer]);
        }

        await RotateAsync(server);
        server.Clock.Advance(PropagationDelay);

        foreach (var issuer in issuers)
        {
            var (_, tokens) = await Issued.TokensAsync(server, issuer);
            var second = tokens["id_token"]!;
            var kids = await KidsAsync(server, issuer);

            Assert.NotEqual(Kid(first[issuer]), Kid(second));
            Assert.Contains(Kid(second), kids);
            Assert.Contains(Kid(first[issuer]), kids);
            await AssertValidAgainstJwksAsync(server, issuer, second);
            await AssertValidAgainstJwksAsync(server, issuer, first[issuer]);
        }
    }
}
