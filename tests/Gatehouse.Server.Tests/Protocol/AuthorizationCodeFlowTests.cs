using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Protocol;

[Collection(GatehouseServerGroup.Name)]
public sealed class AuthorizationCodeFlowTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CodeFlow_SignsInAndIssuesOktaShapedTokens(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = issuer };

        var result = await browser.AuthorizeAsync(request);

        Assert.Equal(request.State, result.Parameters["state"]);
        Assert.Equal(issuer, result.Parameters["iss"]);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("Bearer", tokens["token_type"]);

        var idToken = await Jwt.ValidateAsync(browser.Http, request.EndpointBase + "/keys", tokens["id_token"]!, issuer, TestSeed.WebClientId);
        Assert.True(idToken.IsValid, idToken.Exception?.Message);
        var id = Jwt.Payload(tokens["id_token"]!);
        Assert.StartsWith("00u", id.GetProperty("sub").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, id.GetProperty("ver").GetInt32());
        Assert.StartsWith("ID.", id.GetProperty("jti").GetString(), StringComparison.Ordinal);
        Assert.Equal(request.Nonce, id.GetProperty("nonce").GetString());
        Assert.Equal("pwd", id.GetProperty("amr")[0].GetString());
        Assert.StartsWith("00o", id.GetProperty("idp").GetString(), StringComparison.Ordinal);
        Assert.True(id.GetProperty("auth_time").GetInt64() > 0);
        Assert.True(id.TryGetProperty("at_hash", out _));
        Assert.Equal("Alice Anders", id.GetProperty("name").GetString());
        Assert.Equal(TestSeed.Alice, id.GetProperty("email").GetString());

        var accessToken = tokens["access_token"]!;
        var expectedAudience = orgServer ? Server.Origin : "api://default";
        var access = await Jwt.ValidateAsync(browser.Http, request.EndpointBase + "/keys", accessToken, issuer, expectedAudience);
        Assert.True(access.IsValid, access.Exception?.Message);
        var at = Jwt.Payload(accessToken);
        Assert.Equal(TestSeed.Alice, at.GetProperty("sub").GetString());
        Assert.Equal(id.GetProperty("sub").GetString(), at.GetProperty("uid").GetString());
        Assert.Equal(TestSeed.WebClientId, at.GetProperty("cid").GetString());
        Assert.StartsWith("AT.", at.GetProperty("jti").GetString(), StringComparison.Ordinal);
        Assert.Equal(["email", "openid", "profile"], at.GetProperty("scp").EnumerateArray().Select(scope => scope.GetString()).Order());
        Assert.False(at.TryGetProperty("scope", out _));
        Assert.Equal("RS256", Jwt.Header(accessToken).GetProperty("alg").GetString());

        var userInfo = await new TokenClient(browser.Http).UserInfoAsync(request.EndpointBase, accessToken);
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.Equal(id.GetProperty("sub").GetString(), userInfo["sub"]);
        Assert.Equal(TestSeed.Alice, userInfo["preferred_username"]);
        Assert.Equal("Alice", userInfo["given_name"]);
        Assert.Equal("Europe/Berlin", userInfo["zoneinfo"]);
    }
}
