using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Refresh tokens (RFC 6749 §6, RFC 9700 §4.14): only with offline_access, opaque, rotated on use, a 30 s reuse grace
/// (Okta's default), reuse after it revokes the whole chain, and bound to the client they were issued to.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class RefreshTokenTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string Issuer(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefreshToken_NotIssuedWithoutOfflineAccess(bool orgServer)
    {
        var (_, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer), scope: "openid profile email");

        Assert.NotNull(tokens["access_token"]);
        Assert.Null(tokens["refresh_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefreshTokenAndCode_AreOpaque(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer), Issued.OfflineScope);
        using var http = Server.CreateClient();
        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var refreshToken = tokens["refresh_token"];

        Assert.False(string.IsNullOrEmpty(refreshToken));
        // Neither a JWS (3 parts) nor a JWE (5 parts): a random reference, as Okta's.
        Assert.DoesNotContain(".", refreshToken, StringComparison.Ordinal);
        Assert.DoesNotContain(".", code, StringComparison.Ordinal);
        Assert.False(refreshToken!.StartsWith("eyJ", StringComparison.Ordinal));
        Assert.False(code.StartsWith("eyJ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Refresh_RotatesAndIssuesAWorkingAccessToken(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);

        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.False(string.IsNullOrEmpty(refreshed["refresh_token"]));
        Assert.NotEqual(tokens["refresh_token"], refreshed["refresh_token"]);
        Assert.NotEqual(tokens["access_token"], refreshed["access_token"]);
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, refreshed["access_token"]!)).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Refresh_OldTokenWorksInsideLeewayAndReuseAfterItRevokesTheChain(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var original = tokens["refresh_token"]!;
        var rotated = await client.RefreshAsync(request.EndpointBase, original);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);

        Server.Clock.Advance(TimeSpan.FromSeconds(29));
        var insideLeeway = await client.RefreshAsync(request.EndpointBase, original);
        Assert.Equal(HttpStatusCode.OK, insideLeeway.Status);
        var newest = insideLeeway["refresh_token"] ?? rotated["refresh_token"]!;

        Server.Clock.Advance(TimeSpan.FromSeconds(2));
        var afterLeeway = await client.RefreshAsync(request.EndpointBase, original);

        Assert.Equal(HttpStatusCode.BadRequest, afterLeeway.Status);
        Assert.Equal("invalid_grant", afterLeeway["error"]);
        foreach (var descendant in new[] { rotated["refresh_token"]!, newest }.Distinct())
        {
            var revoked = await client.RefreshAsync(request.EndpointBase, descendant);
            Assert.Equal(HttpStatusCode.BadRequest, revoked.Status);
            Assert.Equal("invalid_grant", revoked["error"]);
        }

        Assert.Equal("false", (await client.IntrospectAsync(request.EndpointBase, insideLeeway["access_token"]!))["active"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Refresh_ReuseAfter31SecondsIsInvalidGrantAndRevokesTheNewestToken(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var original = tokens["refresh_token"]!;
        var rotated = await client.RefreshAsync(request.EndpointBase, original);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);

        Server.Clock.Advance(TimeSpan.FromSeconds(31));
        var reused = await client.RefreshAsync(request.EndpointBase, original);

        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("invalid_grant", reused["error"]);
        var newest = await client.RefreshAsync(request.EndpointBase, rotated["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, newest.Status);
        Assert.Equal("invalid_grant", newest["error"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Refresh_ByAnotherClientIsInvalidGrant(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);

        var stolen = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!, TestSeed.RestrictedClientId, TestSeed.RestrictedClientSecret);

        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal("invalid_grant", stolen["error"]);
        Assert.Null(stolen["access_token"]);
        // The rightful client still can.
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!)).Status);
    }
}
