using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>Whatever the parameters or body, <c>/api/v1</c> answers with Okta's JSON, never a 500 (issue 5, errors).</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class ApiHostileInputTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData("/api/v1/groups?q=%25")]
    [InlineData("/api/v1/groups?q=_")]
    [InlineData("/api/v1/groups?q=%5C")]
    [InlineData("/api/v1/groups?after=%00%FF")]
    [InlineData("/api/v1/groups?after=zzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("/api/v1/groups?limit=1&limit=2")]
    [InlineData("/api/v1/groups?search=%22%22%22")]
    [InlineData("/api/v1/groups?search=((((((((((")]
    [InlineData("/api/v1/groups?search=profile.name%20eq%20%22%5C%22%22")]
    [InlineData("/api/v1/groups/%20/users?limit=1")]
    [InlineData("/api/v1/authorizationServers?after=%F0%9F%98%80&limit=1")]
    public async Task Api_OddParametersNeverFail(string path)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync(path);

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.Status}");
        Assert.NotNull(response.Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"profile\": {\"name\": \"\\ud800\"}}")]
    [InlineData("{\"profile\": null}")]
    [InlineData("{\"profile\": {\"name\": \"   \"}}")]
    [InlineData("{\"profile\": {\"name\": [\"a\"]}}")]
    public async Task Api_OddBodiesAre400(string body)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/groups", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("E00000", response["errorCode"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_DeeplyNestedBodyIs400E0000003()
    {
        using var api = new ManagementApiClient(Server);
        var body = string.Concat(Enumerable.Repeat("{\"profile\":", 500)) + "1" + new string('}', 500);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/groups", body);

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }
}
