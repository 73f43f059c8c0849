using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>The org server and the custom server "default" are separate issuers with separate keys: no token crosses over.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class IssuerIsolationTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task OrgAccessToken_IsUnauthorizedAtDefaultUserInfo()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.Origin);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, tokens["access_token"]!)).Status);

        var elsewhere = await client.UserInfoAsync(Issued.EndpointBase(Server.DefaultIssuer), tokens["access_token"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.Status);
    }

    [Fact]
    public async Task DefaultAccessToken_IsUnauthorizedAtOrgUserInfo()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, tokens["access_token"]!)).Status);

        var elsewhere = await client.UserInfoAsync(Issued.EndpointBase(Server.Origin), tokens["access_token"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.Status);
    }

    [Fact]
    public async Task OrgAccessToken_IsInactiveAtDefaultIntrospection()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.Origin);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        Assert.Equal("true", (await client.IntrospectAsync(request.EndpointBase, tokens["access_token"]!))["active"]);

        var elsewhere = await client.IntrospectAsync(Issued.EndpointBase(Server.DefaultIssuer), tokens["access_token"]!);

        Assert.Equal(HttpStatusCode.OK, elsewhere.Status);
        Assert.Equal("false", elsewhere["active"]);
    }

    [Fact]
    public async Task DefaultRefreshToken_IsInvalidGrantAtOrgTokenEndpoint()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);

        var elsewhere = await client.RefreshAsync(Issued.EndpointBase(Server.Origin), tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.Status);
        Assert.Equal("invalid_grant", elsewhere["error"]);
        Assert.Null(elsewhere["access_token"]);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!)).Status);
    }

    [Fact]
    public async Task OrgRefreshToken_IsInvalidGrantAtDefaultTokenEndpoint()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.Origin);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);

        var elsewhere = await client.RefreshAsync(Issued.EndpointBase(Server.DefaultIssuer), tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.Status);
        Assert.Equal("invalid_grant", elsewhere["error"]);
        Assert.Null(elsewhere["access_token"]);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!)).Status);
    }

    [Fact]
    public async Task TokenKeyIds_AppearOnlyInTheirOwnIssuersJwks()
    {
        var (_, org) = await Issued.TokensAsync(Server, Server.Origin);
        var (_, custom) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var orgKids = await KidsAsync(http, Issued.EndpointBase(Server.Origin) + "/keys");
        var defaultKids = await KidsAsync(http, Issued.EndpointBase(Server.DefaultIssuer) + "/keys");

        Assert.NotEmpty(orgKids);
        Assert.NotEmpty(defaultKids);
        Assert.Empty(orgKids.Intersect(defaultKids));
        foreach (var token in new[] { org["id_token"]!, org["access_token"]! })
        {
            var kid = Jwt.Header(token).GetProperty("kid").GetString()!;
            Assert.Contains(kid, orgKids);
            Assert.DoesNotContain(kid, defaultKids);
        }

        foreach (var token in new[] { custom["id_token"]!, custom["access_token"]! })
        {
            var kid = Jwt.Header(token).GetProperty("kid").GetString()!;
            Assert.Contains(kid, defaultKids);
            Assert.DoesNotContain(kid, orgKids);
        }
    }

    internal static async Task<string[]> KidsAsync(HttpClient http, string jwksUri)
    {
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(jwksUri));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!)];
    }
}
