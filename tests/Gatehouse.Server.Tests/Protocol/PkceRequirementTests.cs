using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Protocol;

public sealed class PkceRequirementTests
{
    private const string SeedJson = """
    {
      "users": [ { "login": "carol@example.com", "firstName": "Carol", "password": "Pkce-Pass-2026" } ],
      "apps": [
        { "label": "Strict", "type": "web", "clientId": "0oastrict000000000001", "clientSecret": "strict-secret-0123456789abcdefghijklmno",
          "redirectUris": [ "https://app.example.test/authorization-code/callback" ], "pkceRequired": true }
      ]
    }
    """;

    [Fact]
    public async Task PkceRequiredApp_RefusesRequestWithoutChallengeAndAcceptsS256()
    {
        await using var server = await GatehouseServer.StartAsync(SeedJson);
        using var browser = new Browser(server);
        var request = new AuthorizeRequest
        {
            Issuer = server.DefaultIssuer,
            ClientId = "0oastrict000000000001",
            ClientSecret = "strict-secret-0123456789abcdefghijklmno",
        };

        var refused = await browser.AuthorizeAsync(request with { CodeVerifier = null }, "carol@example.com", "Pkce-Pass-2026");
        var accepted = await browser.AuthorizeAsync(request, "carol@example.com", "Pkce-Pass-2026");

        Assert.Null(refused.Code);
        Assert.Equal("invalid_request", refused.Error);
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, accepted.Code!);
        Assert.Equal(System.Net.HttpStatusCode.OK, tokens.Status);
    }
}
