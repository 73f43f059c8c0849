using System.Net;

using Gatehouse.Server.Protocol.TokenEntries;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Token entries that can no longer be used (a redeemed code, a revoked refresh token) are deleted once older than
/// <c>TokenRetention</c> by the pruning service on the server's clock; a valid token is kept however old.
/// </summary>
public sealed class TokenPruningTests
{
    [Fact]
    public async Task Pruning_DeletesUnusableEntriesPastTheRetentionAndKeepsValidOnes()
    {
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?> { ["Gatehouse:TokenRetention"] = "10.00:00:00" });
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(http).RevokeAsync(request.EndpointBase, tokens["refresh_token"]!)).Status);
        var authorizationId = await AuthorizationOfAsync(server, tokens["access_token"]!);
        Assert.Equal(
            [(OpenIddictConstants.TokenTypeIdentifiers.AccessToken, OpenIddictConstants.Statuses.Valid),
             (OpenIddictConstants.TokenTypeIdentifiers.RefreshToken, OpenIddictConstants.Statuses.Revoked),
             (OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode, OpenIddictConstants.Statuses.Redeemed)],
            await EntriesAsync(server, authorizationId));

        server.Clock.Advance(TimeSpan.FromDays(9));
        // Within the retention a pruning pass (the same one the timer runs) removes nothing of this grant.
        await server.Services.GetRequiredService<TokenPruningService>().PruneAsync(CancellationToken.None);
        Assert.Equal(3, (await EntriesAsync(server, authorizationId)).Count);

        server.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        // The service runs on the timer the clock just fired, on its own thread.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await EntriesAsync(server, authorizationId)).Count != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.Equal([(OpenIddictConstants.TokenTypeIdentifiers.AccessToken, OpenIddictConstants.Statuses.Valid)], await EntriesAsync(server, authorizationId));
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

    private static async Task<string> AuthorizationOfAsync(GatehouseServer server, string accessToken)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var entry = await manager.FindByIdAsync(Jwt.Payload(accessToken).GetProperty("oi_tkn_id").GetString()!);
        Assert.NotNull(entry);
        return (await manager.GetAuthorizationIdAsync(entry))!;
    }
}
