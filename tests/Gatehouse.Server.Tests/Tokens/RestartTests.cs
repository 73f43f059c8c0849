using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>Issued tokens and signing keys survive a restart: keys and token state live in the data directory.</summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restart_KeepsRefreshTokensAccessTokensAndKeys(bool orgServer)
    {
        await using var server = await GatehouseServer.StartAsync();
        var issuer = orgServer ? server.Origin : server.DefaultIssuer;
        var (request, tokens) = await Issued.TokensAsync(server, issuer);
        string[] kidsBefore;
        using (var before = server.CreateClient())
        {
            kidsBefore = await IssuerIsolationTests.KidsAsync(before, request.EndpointBase + "/keys");
        }

        await server.StopAsync();
        await server.StartAsync();

        using var http = server.CreateClient();
        var client = new TokenClient(http);
        Assert.Equal(kidsBefore, await IssuerIsolationTests.KidsAsync(http, request.EndpointBase + "/keys"));
        var userInfo = await client.UserInfoAsync(request.EndpointBase, tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var validation = await Jwt.ValidateAsync(http, request.EndpointBase + "/keys", refreshed["id_token"]!, issuer, TestSeed.WebClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
    }
}
