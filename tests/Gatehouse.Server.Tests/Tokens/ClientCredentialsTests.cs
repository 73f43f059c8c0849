using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>The client credentials grant (RFC 6749 §4.4) as Okta has it: custom authorization servers, service apps, explicit scopes.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class ClientCredentialsTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string DefaultBase => Issued.EndpointBase(Server.DefaultIssuer);

    [Fact]
    public async Task ClientCredentials_IssuesOktaShapedTokenSignedByTheDefaultServer()
    {
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(DefaultBase, TestSeed.CustomScope);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("Bearer", tokens["token_type"]);
        Assert.Null(tokens["refresh_token"]);
        Assert.Null(tokens["id_token"]);
        var accessToken = tokens["access_token"]!;
        var validation = await Jwt.ValidateAsync(http, DefaultBase + "/keys", accessToken, Server.DefaultIssuer, "api://default");
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var payload = Jwt.Payload(accessToken);
        Assert.Equal(TestSeed.ServiceClientId, payload.GetProperty("sub").GetString());
        Assert.Equal(TestSeed.ServiceClientId, payload.GetProperty("cid").GetString());
        Assert.Equal([TestSeed.CustomScope], payload.GetProperty("scp").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal("api://default", payload.GetProperty("aud").GetString());
        Assert.False(payload.TryGetProperty("uid", out _));
        Assert.StartsWith("AT.", payload.GetProperty("jti").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_WithoutScopeIsInvalidScope()
    {
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(DefaultBase, scope: null);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_scope", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Fact]
    public async Task ClientCredentials_UnknownScopeIsInvalidScope()
    {
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(DefaultBase, "orders.write");

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_scope", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Fact]
    public async Task ClientCredentials_OnTheOrgServerIsUnsupported()
    {
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(Server.Origin), TestSeed.CustomScope);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("unsupported_grant_type", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }

    [Fact]
    public async Task ClientCredentials_ByAWebAppIsUnauthorizedClient()
    {
        using var http = Server.CreateClient();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(DefaultBase, TestSeed.CustomScope, TestSeed.WebClientId, TestSeed.WebClientSecret);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("unauthorized_client", tokens["error"]);
        Assert.Null(tokens["access_token"]);
    }
}
