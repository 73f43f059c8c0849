using System.Net;

using Gatehouse.Core.Keys;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using static Gatehouse.Server.Tests.Keys.KeyRotationDriver;

namespace Gatehouse.Server.Tests.Keys;

/// <summary>
/// Signing-key rotation (issue 4 item 3): the next key is in JWKS before it signs; the previous key stays published
/// until every ID and access token it signed has expired, and keeps validating refresh tokens it signed.
/// </summary>
public sealed class KeyRotationTests
{
    private static readonly TimeSpan PublishedAfterRetirement = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Rotate_PublishesNextKeyBeforeItSigns()
    {
        await using var server = await GatehouseServer.StartAsync();
        string[] issuers = [server.Origin, server.DefaultIssuer];
        var oldKids = new Dictionary<string, string>();
        var refreshTokens = new Dictionary<string, string>();
        foreach (var issuer in issuers)
        {
            var (_, tokens) = await Issued.TokensAsync(server, issuer);
            oldKids[issuer] = Assert.Single(await KidsAsync(server, issuer));
            Assert.Equal(oldKids[issuer], Kid(tokens["id_token"]!));
            refreshTokens[issuer] = tokens["refresh_token"]!;
        }

        var output = await RotateAsync(server);

        var newKids = new Dictionary<string, string>();
        foreach (var issuer in issuers)
        {
            var kids = await KidsAsync(server, issuer);
            Assert.Equal(2, kids.Length);
            Assert.Contains(oldKids[issuer], kids);
            newKids[issuer] = Assert.Single(kids, kid => kid != oldKids[issuer]);
            Assert.Contains(newKids[issuer], output, StringComparison.Ordinal);
        }

        // Published, not signing: a second rotation waits for the pending one instead of piling up keys.
        var again = await RotateAsync(server);
        Assert.Contains("already pending", again, StringComparison.Ordinal);

        server.Clock.Advance(PropagationDelay - TimeSpan.FromSeconds(1));
        foreach (var issuer in issuers)
        {
            Assert.Equal(2, (await KidsAsync(server, issuer)).Length);
            var before = await RefreshAsync(server, issuer, refreshTokens[issuer]);
            Assert.Equal(oldKids[issuer], Kid(before["id_token"]!));
            Assert.Equal(oldKids[issuer], Kid(before["access_token"]!));
            refreshTokens[issuer] = before["refresh_token"]!;
        }

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var issuer in issuers)
        {
            var after = await RefreshAsync(server, issuer, refreshTokens[issuer]);
            Assert.Equal(newKids[issuer], Kid(after["id_token"]!));
            Assert.Equal(newKids[issuer], Kid(after["access_token"]!));
            await AssertValidAgainstJwksAsync(server, issuer, after["id_token"]!);
        }
    }

    [Fact]
    public async Task Rotate_OldKeyStaysPublishedUntilItsTokensExpiredThenDisappears()
    {
        await using var server = await GatehouseServer.StartAsync();
        var issuer = server.DefaultIssuer;
        var (request, tokens) = await Issued.TokensAsync(server, issuer);
        var oldKid = Kid(tokens["id_token"]!);
        await RotateAsync(server, "default");

        // The last tokens the old key signs, one second before the new key takes over.
        server.Clock.Advance(PropagationDelay - TimeSpan.FromSeconds(1));
        var last = await RefreshAsync(server, issuer, tokens["refresh_token"]!);
        Assert.Equal(oldKid, Kid(last["access_token"]!));
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        server.Clock.Advance(PublishedAfterRetirement - TimeSpan.FromSeconds(1));
        Assert.Contains(oldKid, await KidsAsync(server, issuer));
        await AssertValidAgainstJwksAsync(server, issuer, last["id_token"]!);

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var kids = await KidsAsync(server, issuer);
        Assert.DoesNotContain(oldKid, kids);
        Assert.Single(kids);

        // The org server's key was not rotated and is still the only one there.
        Assert.Single(await KidsAsync(server, server.Origin));
        using var http = server.CreateClient();
        var userInfo = await new TokenClient(http).UserInfoAsync(request.EndpointBase, last["access_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.Status);
    }

    [Fact]
    public async Task Rotate_RefreshTokensIssuedBeforeRotationKeepWorkingUntilTheyExpire()
    {
        await using var server = await GatehouseServer.StartAsync();
        var issuer = server.Origin;
        var (_, early) = await Issued.TokensAsync(server, issuer);
        var (_, late) = await Issued.TokensAsync(server, issuer);
        var oldKid = Kid(early["id_token"]!);
        await RotateAsync(server, "org");

        // The old key has left JWKS, yet the refresh tokens whose payload it signed still validate.
        server.Clock.Advance(PropagationDelay + PublishedAfterRetirement + TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(oldKid, await KidsAsync(server, issuer));
        var refreshed = await RefreshAsync(server, issuer, early["refresh_token"]!);
        Assert.NotEqual(oldKid, Kid(refreshed["id_token"]!));
        await AssertValidAgainstJwksAsync(server, issuer, refreshed["id_token"]!);

        // Near the end of its 90 days, a refresh token from before the rotation still works.
        server.Clock.Advance(TimeSpan.FromDays(85));
        await RefreshAsync(server, issuer, late["refresh_token"]!);

        // Once every token the old key signed has expired, the key is deleted from the database.
        Assert.True(await StoredAsync(server, oldKid));
        server.Clock.Advance(TimeSpan.FromDays(5));
        await CheckAsync(server);
        Assert.False(await StoredAsync(server, oldKid));
    }

    [Fact]
    public async Task AutomaticRotation_RotatesKeysOlderThanTheConfiguredAge()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gatehouse:SigningKeyRotationInterval"] = "30.00:00:00",
        });
        Assert.Single(server.Services.GetServices<IHostedService>().OfType<KeyRotationService>());
        var oldKid = Assert.Single(await KidsAsync(server, server.DefaultIssuer));

        server.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.All(await CheckAsync(server), result => Assert.Equal(KeyRotationOutcome.NotDue, result.Outcome));
        Assert.Single(await KidsAsync(server, server.DefaultIssuer));
        Assert.Single(await KidsAsync(server, server.Origin));

        // Advancing the clock also ticks the schedule's timer; either run rotates, the other finds it pending.
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.All(await CheckAsync(server), result => Assert.Contains(result.Outcome, new[] { KeyRotationOutcome.Rotated, KeyRotationOutcome.AlreadyPending }));
        var kids = await KidsAsync(server, server.DefaultIssuer);
        Assert.Equal(2, kids.Length);
        Assert.Contains(oldKid, kids);
        Assert.Equal(2, (await KidsAsync(server, server.Origin)).Length);

        using var http = server.CreateClient();
        var beforeActivation = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), "orders.read");
        Assert.Equal(oldKid, Kid(beforeActivation["access_token"]!));
        server.Clock.Advance(PropagationDelay);
        var afterActivation = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), "orders.read");
        Assert.Equal(Assert.Single(kids, kid => kid != oldKid), Kid(afterActivation["access_token"]!));
    }

    private static async Task<bool> StoredAsync(GatehouseServer server, string kid)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        return await database.Keys.AnyAsync(key => key.Id == kid && key.Purpose == KeyPurpose.Signing);
    }
}
