using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// What a grant stores: entries for the tokens that can be revoked, introspected or redeemed once (code, access,
/// refresh), none for the ID token (Protocol/TokenEntries/SkipIdentityTokenEntries) — which still works as an
/// <c>id_token_hint</c>.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class TokenEntryTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task CodeExchange_StoresAccessAndRefreshEntriesButNoIdTokenEntry()
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

        Assert.Contains(OpenIddictConstants.TokenTypeIdentifiers.AccessToken, types);
        Assert.Contains(OpenIddictConstants.TokenTypeIdentifiers.RefreshToken, types);
        Assert.Contains(OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode, types);
        Assert.DoesNotContain(OpenIddictConstants.TokenTypeIdentifiers.IdentityToken, types);

        // Without an entry the ID token is still a valid hint at sign-out: the redirect goes back to the client.
        using var http = Server.CreateClient();
        var logout = await http.GetAsync(new Uri($"{request.EndpointBase}/logout?id_token_hint={tokens["id_token"]}&post_logout_redirect_uri={Uri.EscapeDataString(TestSeed.WebPostLogoutRedirectUri)}"));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith(TestSeed.WebPostLogoutRedirectUri, logout.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The access token's authorization id, from its stored entry (OpenIddict's private <c>oi_au_id</c> claim is not in the JWT).</summary>
    private async Task<string> AuthorizationOfAsync(string accessToken)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var entryId = Jwt.Payload(accessToken).GetProperty("oi_tkn_id").GetString()!;
        var entry = await manager.FindByIdAsync(entryId);
        Assert.NotNull(entry);
        return (await manager.GetAuthorizationIdAsync(entry))!;
    }
}
