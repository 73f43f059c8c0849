using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Protocol;

[Collection(GatehouseServerGroup.Name)]
public sealed class ErrorResponseTests(GatehouseServerFixture fixture)
{
    [Theory]
    [InlineData("/oauth2/nope/v1/keys")]
    [InlineData("/oauth2/nope/.well-known/openid-configuration")]
    [InlineData("/oauth2/default/v1/nope")]
    public async Task UnknownProtocolPath_IsOktaJsonNotFound(string path)
    {
        using var http = fixture.Server.CreateClient();

        using var response = await http.GetAsync(path);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("E0000007", json.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("E0000007", json.RootElement.GetProperty("errorLink").GetString());
        Assert.StartsWith("Not found", json.RootElement.GetProperty("errorSummary").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("errorCauses").ValueKind);
    }

    [Fact]
    public async Task UnknownPage_IsHtmlErrorPageWithoutDetails()
    {
        using var http = fixture.Server.CreateClient();

        using var response = await http.GetAsync("/no/such/page");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Not found", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}
