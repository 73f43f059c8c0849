using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>The userinfo endpoint (OIDC Core §5.3, RFC 6750 §2.1/§2.2/§3): header and form-body bearer tokens, and refusals.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UserInfoTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string Issuer(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UserInfo_GetWithBearerHeaderReturnsTheUser(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer), scope: "openid profile email");
        using var http = Server.CreateClient();

        var userInfo = await new TokenClient(http).UserInfoAsync(request.EndpointBase, tokens["access_token"]!);

        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.Equal(Jwt.Payload(tokens["id_token"]!).GetProperty("sub").GetString(), userInfo["sub"]);
        Assert.Equal(TestSeed.Alice, userInfo["email"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UserInfo_PostWithTokenInFormBodyReturnsTheUser(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer), scope: "openid profile email");
        using var http = Server.CreateClient();
        using var body = new FormUrlEncodedContent([new("access_token", tokens["access_token"]!)]);

        var userInfo = await TokenResponse.ReadAsync(await http.PostAsync(request.EndpointBase + "/userinfo", body));

        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.Equal(Jwt.Payload(tokens["id_token"]!).GetProperty("sub").GetString(), userInfo["sub"]);
        Assert.Equal(TestSeed.Alice, userInfo["preferred_username"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UserInfo_WithoutTokenIs401WithBearerChallenge(bool orgServer)
    {
        using var http = Server.CreateClient();

        var response = await http.GetAsync(Issued.EndpointBase(Issuer(orgServer)) + "/userinfo");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task UserInfo_ClientCredentialsTokenIsRefused()
    {
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var endpointBase = Issued.EndpointBase(Server.DefaultIssuer);
        var tokens = await client.ClientCredentialsAsync(endpointBase, TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var userInfo = await client.UserInfoAsync(endpointBase, tokens["access_token"]!);

        Assert.True(userInfo.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, userInfo.Status.ToString());
        Assert.Null(userInfo["sub"]);
    }
}
