using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Redeeming authorization codes at the token endpoint (RFC 6749 §4.1.3, RFC 7636, RFC 9700 §4.5): single use, 300 s
/// lifetime, PKCE binding, client authentication.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class CodeRedemptionTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string Issuer(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CodeReuse_SecondExchangeIsInvalidGrantAndRevokesTheFirstAccessToken(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var first = await client.ExchangeCodeAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var accessToken = first["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);

        var second = await client.ExchangeCodeAsync(request, code);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invalid_grant", second["error"]);
        var introspection = await client.IntrospectAsync(request.EndpointBase, accessToken);
        Assert.Equal(HttpStatusCode.OK, introspection.Status);
        Assert.Equal("false", introspection["active"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Code_StillValidAt299Seconds(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        Server.Clock.Advance(TimeSpan.FromSeconds(299));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["access_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Code_ExpiredAfter300SecondsIsInvalidGrant(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        Server.Clock.Advance(TimeSpan.FromSeconds(301));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pkce_WrongVerifierIsInvalidGrant(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code, codeVerifier: new AuthorizeRequest { Issuer = request.Issuer }.CodeVerifier);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pkce_MissingVerifierWhenChallengeWasSentIsRejected(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).PostAsync(request.EndpointBase + "/token", request.ClientId, request.ClientSecret, false, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
        });

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.True(tokens["error"] is "invalid_request" or "invalid_grant", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientAuthentication_WrongSecretIsInvalidClient(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request with { ClientSecret = TestSeed.WebClientSecret + "x" }, code);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientAuthentication_UnknownClientIsInvalidClient(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request with { ClientId = "0oaunknown00000000001" }, code);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientAuthentication_ClientSecretPostWorks(bool orgServer)
    {
        var (request, code) = await Issued.CodeAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code, secretInBody: true);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["access_token"]);
        Assert.NotNull(tokens["id_token"]);
    }
}
