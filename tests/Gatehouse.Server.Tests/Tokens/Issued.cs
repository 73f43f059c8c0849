using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>Signs alice in through the real redirect flow and redeems the code: the starting point of the token tests.</summary>
internal static class Issued
{
    public const string OfflineScope = "openid profile email offline_access";

    public static string EndpointBase(string issuer) => new AuthorizeRequest { Issuer = issuer }.EndpointBase;

    /// <summary>Runs authorize + sign-in and returns the request with its (unredeemed) code.</summary>
    public static async Task<(AuthorizeRequest Request, string Code)> CodeAsync(GatehouseServer server, string issuer, string scope = "openid profile email", string clientId = TestSeed.WebClientId, string clientSecret = TestSeed.WebClientSecret)
    {
        using var browser = new Browser(server);
        var request = new AuthorizeRequest { Issuer = issuer, Scope = scope, ClientId = clientId, ClientSecret = clientSecret };
        var result = await browser.AuthorizeAsync(request);
        Assert.True(result.Code is not null, $"No code: error={result.Error} page={result.PageStatus}");
        return (request, result.Code!);
    }

    /// <summary>Authorize, sign in and exchange the code; asserts the exchange succeeded.</summary>
    public static async Task<(AuthorizeRequest Request, TokenResponse Tokens)> TokensAsync(GatehouseServer server, string issuer, string scope = OfflineScope, string clientId = TestSeed.WebClientId, string clientSecret = TestSeed.WebClientSecret)
    {
        var (request, code) = await CodeAsync(server, issuer, scope, clientId, clientSecret);
        using var http = server.CreateClient();
        var tokens = await new TokenClient(http).ExchangeCodeAsync(request, code);
        Assert.True(tokens.Status == HttpStatusCode.OK, $"Exchange failed: {tokens.Status} {tokens.Json}");
        return (request, tokens);
    }
}
