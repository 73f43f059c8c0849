using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>Token introspection (RFC 7662) and revocation (RFC 7009), with Okta's response shapes.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class IntrospectionRevocationTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string Issuer(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Introspection_ActiveAccessTokenHasOktaFields(bool orgServer)
    {
        var issuer = Issuer(orgServer);
        var (request, tokens) = await Issued.TokensAsync(Server, issuer);
        using var http = Server.CreateClient();

        var result = await new TokenClient(http).IntrospectAsync(request.EndpointBase, tokens["access_token"]!);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.True(result.Json.GetProperty("active").GetBoolean());
        Assert.Equal(["email", "offline_access", "openid", "profile"], result["scope"]!.Split(' ').Order());
        Assert.Equal(TestSeed.WebClientId, result["client_id"]);
        Assert.Equal(TestSeed.Alice, result["username"]);
        Assert.Equal(TestSeed.Alice, result["sub"]);
        Assert.Equal(Jwt.Payload(tokens["id_token"]!).GetProperty("sub").GetString(), result["uid"]);
        Assert.Equal(issuer, result["iss"]);
        Assert.Equal("Bearer", result["token_type"]);
        var exp = result.Json.GetProperty("exp").GetInt64();
        var iat = result.Json.GetProperty("iat").GetInt64();
        Assert.Equal(3600, exp - iat);
        Assert.Equal(Jwt.Payload(tokens["access_token"]!).GetProperty("exp").GetInt64(), exp);
    }

    [Fact]
    public async Task Introspection_ClientCredentialsTokenHasScopeAndNoUser()
    {
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var endpointBase = Issued.EndpointBase(Server.DefaultIssuer);
        var tokens = await client.ClientCredentialsAsync(endpointBase, TestSeed.CustomScope);

        var result = await client.IntrospectAsync(endpointBase, tokens["access_token"]!, TestSeed.ServiceClientId, TestSeed.ServiceClientSecret);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.True(result.Json.GetProperty("active").GetBoolean());
        Assert.Equal(TestSeed.CustomScope, result["scope"]);
        Assert.Equal(TestSeed.ServiceClientId, result["client_id"]);
        Assert.Equal(TestSeed.ServiceClientId, result["sub"]);
        Assert.Null(result["username"]);
        Assert.Null(result["uid"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Introspection_GarbageTokenIsInactive(bool orgServer)
    {
        using var http = Server.CreateClient();

        var result = await new TokenClient(http).IntrospectAsync(Issued.EndpointBase(Issuer(orgServer)), "not-a-token-at-all");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(JsonValueKind.Object, result.Json.ValueKind);
        Assert.Equal("""{"active":false}""", JsonSerializer.Serialize(result.Json));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Introspection_WithoutClientAuthenticationIs401(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();

        var result = await new TokenClient(http).PostAsync(request.EndpointBase + "/introspect", null, null, false, new() { ["token"] = tokens["access_token"] });

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result["error"]);
        Assert.Null(result["active"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Revocation_UnknownTokenIs200(bool orgServer)
    {
        using var http = Server.CreateClient();

        var result = await new TokenClient(http).RevokeAsync(Issued.EndpointBase(Issuer(orgServer)), "unknown-token-value-0123456789");

        Assert.Equal(HttpStatusCode.OK, result.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Revocation_RefreshTokenBecomesUnusable(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);

        var revoked = await client.RevokeAsync(request.EndpointBase, tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        var refresh = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.Status);
        Assert.Equal("invalid_grant", refresh["error"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Revocation_AccessTokenBecomesInactive(bool orgServer)
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Issuer(orgServer));
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var accessToken = tokens["access_token"]!;
        Assert.True((await client.IntrospectAsync(request.EndpointBase, accessToken)).Json.GetProperty("active").GetBoolean());

        var revoked = await client.RevokeAsync(request.EndpointBase, accessToken);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal("false", (await client.IntrospectAsync(request.EndpointBase, accessToken))["active"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);
    }

    [Fact]
    public async Task Revocation_ClientCredentialsAccessTokenBecomesInactive_AndRevokingAgainIs200()
    {
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var endpointBase = Issued.EndpointBase(Server.DefaultIssuer);
        var accessToken = (await client.ClientCredentialsAsync(endpointBase, TestSeed.CustomScope))["access_token"]!;
        Assert.True((await client.IntrospectAsync(endpointBase, accessToken, TestSeed.ServiceClientId, TestSeed.ServiceClientSecret)).Json.GetProperty("active").GetBoolean());

        // No authorization stands behind this token: its own revocation (Protocol/Revocation) is all that refuses it.
        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync(endpointBase, accessToken, TestSeed.ServiceClientId, TestSeed.ServiceClientSecret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync(endpointBase, accessToken, TestSeed.ServiceClientId, TestSeed.ServiceClientSecret)).Status);

        Assert.Equal("false", (await client.IntrospectAsync(endpointBase, accessToken, TestSeed.ServiceClientId, TestSeed.ServiceClientSecret))["active"]);
    }

    [Fact]
    public async Task Revocation_ByAClientTheTokenWasNotIssuedTo_LeavesItActive()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var accessToken = tokens["access_token"]!;

        // RFC 7009 §2.1: the server checks the token was issued to the client asking; §2.2: the answer is 200 either way.
        var revoked = await client.RevokeAsync(request.EndpointBase, accessToken, TestSeed.ServiceClientId, TestSeed.ServiceClientSecret);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.True((await client.IntrospectAsync(request.EndpointBase, accessToken)).Json.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);
    }
}
