using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// What a grant stores: entries for the tokens that are redeemed (code, refresh), none for the self-contained ID and
/// access tokens (Protocol/TokenEntries/SkipSelfContainedTokenEntries, ADR 0013). The ID token still works as an
/// <c>id_token_hint</c>; the access token carries its authorization's id, through which it is revoked with its grant.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class TokenEntryTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task CodeExchange_StoresCodeAndRefreshEntriesButNoIdOrAccessTokenEntry()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        var authorizationId = await AuthorizationOfAsync(tokens["access_token"]!);

        await using var scope = Server.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var types = new List<string?>();
        await foreach (var token in manager.FindByAuthorizationIdAsync(authorizationId))
        {
            types.Add(await manager.GetTypeAsync(token));
        }

        Assert.Equal(
            [OpenIddictConstants.TokenTypeIdentifiers.RefreshToken, OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode],
            types.Order(StringComparer.Ordinal));
        Assert.False(Jwt.Payload(tokens["access_token"]!).TryGetProperty("oi_tkn_id", out _));

        // Without an entry the ID token is still a valid hint at sign-out: the redirect goes back to the client.
        using var http = Server.CreateClient();
        var logout = await http.GetAsync(new Uri($"{request.EndpointBase}/logout?id_token_hint={tokens["id_token"]}&post_logout_redirect_uri={Uri.EscapeDataString(TestSeed.WebPostLogoutRedirectUri)}"));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith(TestSeed.WebPostLogoutRedirectUri, logout.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The access token's authorization, from OpenIddict's private <c>oi_au_id</c> claim; it must exist.</summary>
    private async Task<string> AuthorizationOfAsync(string accessToken)
    {
        var authorizationId = Jwt.Payload(accessToken).GetProperty("oi_au_id").GetString()!;
        await using var scope = Server.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().FindByIdAsync(authorizationId));
        return authorizationId;
    }
}
