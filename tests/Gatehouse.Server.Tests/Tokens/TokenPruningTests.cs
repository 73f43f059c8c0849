using System.Net;

using Gatehouse.Server.Protocol.TokenEntries;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Token entries that can no longer be used (a redeemed code, a revoked refresh token) are deleted once older than
/// <c>TokenRetention</c> by the pruning service on the server's clock; a valid token is kept however old. A revoked
/// access token's row goes once the token has expired.
/// </summary>
public sealed class TokenPruningTests
{
    [Fact]
    public async Task Pruning_DeletesUnusableEntriesPastTheRetentionAndKeepsValidOnes()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?> { ["Gatehouse:TokenRetention"] = "10.00:00:00" });
        var (request, revokedGrant) = await Issued.TokensAsync(server, server.DefaultIssuer);
        var (_, keptGrant) = await Issued.TokensAsync(server, server.DefaultIssuer);
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(http).RevokeAsync(request.EndpointBase, revokedGrant["refresh_token"]!)).Status);
        var revokedAuthorization = AuthorizationOf(revokedGrant["access_token"]!);
        var keptAuthorization = AuthorizationOf(keptGrant["access_token"]!);
        Assert.Equal(
            [(OpenIddictConstants.TokenTypeIdentifiers.RefreshToken, OpenIddictConstants.Statuses.Revoked),
             (OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode, OpenIddictConstants.Statuses.Redeemed)],
            await EntriesAsync(server, revokedAuthorization));

        server.Clock.Advance(TimeSpan.FromDays(9));
        // Within the retention a pruning pass (the same one the timer runs) removes nothing of either grant.
        await server.Services.GetRequiredService<TokenPruningService>().PruneAsync(CancellationToken.None);
        Assert.Equal(2, (await EntriesAsync(server, revokedAuthorization)).Count);
        Assert.Equal(2, (await EntriesAsync(server, keptAuthorization)).Count);

        server.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        // The service runs on the timer the clock just fired, on its own thread.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (((await EntriesAsync(server, revokedAuthorization)).Count != 0 || (await EntriesAsync(server, keptAuthorization)).Count != 1)
            && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.Empty(await EntriesAsync(server, revokedAuthorization));
        Assert.Equal([(OpenIddictConstants.TokenTypeIdentifiers.RefreshToken, OpenIddictConstants.Statuses.Valid)], await EntriesAsync(server, keptAuthorization));
    }

    [Fact]
    public async Task Pruning_DeletesARevokedAccessTokenOnlyOnceItHasExpired()
    {
        // The timer's own passes would race the ones counted here.
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?> { ["Gatehouse:TokenPruneInterval"] = "30.00:00:00" });
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        using var http = server.CreateClient();
        var client = new TokenClient(http);
        var accessToken = tokens["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync(request.EndpointBase, accessToken)).Status);
        var pruning = server.Services.GetRequiredService<TokenPruningService>();

        server.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, (await pruning.PruneAsync(CancellationToken.None)).RevokedAccessTokens);
        Assert.Equal("false", (await client.IntrospectAsync(request.EndpointBase, accessToken))["active"]);

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await pruning.PruneAsync(CancellationToken.None)).RevokedAccessTokens);
        // Expired, the token stays refused without its row.
        Assert.Equal("false", (await client.IntrospectAsync(request.EndpointBase, accessToken))["active"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);
    }

    private static async Task<List<(string? Type, string? Status)>> EntriesAsync(GatehouseServer server, string authorizationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var entries = new List<(string? Type, string? Status)>();
        await foreach (var token in manager.FindByAuthorizationIdAsync(authorizationId))
        {
            entries.Add((await manager.GetTypeAsync(token), await manager.GetStatusAsync(token)));
        }

        return [.. entries.OrderBy(entry => entry.Type, StringComparer.Ordinal)];
    }

    /// <summary>The access token's authorization, from OpenIddict's private <c>oi_au_id</c> claim (access tokens have no entry).</summary>
    private static string AuthorizationOf(string accessToken) => Jwt.Payload(accessToken).GetProperty("oi_au_id").GetString()!;
}
