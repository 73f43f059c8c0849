using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// <c>/api/v1/api-tokens</c>: token metadata (never the value), revocation that takes effect on the next call, and
/// the role rules. A server of its own: revoking the seeded tokens would break the shared one.
/// </summary>
public sealed class ApiTokensApiTests : IAsyncLifetime
{
    private GatehouseServer _server = null!;

    public async Task InitializeAsync() => _server = await GatehouseServer.StartAsync(TestSeed.Json());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApiTokens_ListShowsMetadataButNeverTheValue()
    {
        using var api = new ManagementApiClient(_server);

        var listed = await api.GetAsync("/api/v1/api-tokens");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var tokens = listed.Json.EnumerateArray().ToList();
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, token => Assert.StartsWith("00T", token.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.Contains(tokens, token => token.GetProperty("name").GetString() == "tests");
        var raw = listed.Json.GetRawText();
        Assert.DoesNotContain(TestSeed.ApiToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSeed.ReadOnlyApiToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("hmac", raw, StringComparison.OrdinalIgnoreCase);

        var id = tokens.First(token => token.GetProperty("name").GetString() == "tests").GetProperty("id").GetString();
        var fetched = await api.GetAsync("/api/v1/api-tokens/" + id);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(id, fetched["id"]);
        Assert.NotNull(fetched["lastUsed"]);
    }

    [Fact]
    public async Task ApiTokens_RevokedTokenIsRefusedAtOnce()
    {
        using var admin = new ManagementApiClient(_server);
        using var readOnly = new ManagementApiClient(_server, TestSeed.ReadOnlyApiToken);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/v1/users")).Status);
        var id = await IdOfAsync(admin, "read-only");

        var revoked = await admin.DeleteAsync("/api/v1/api-tokens/" + id);

        Assert.Equal(HttpStatusCode.NoContent, revoked.Status);
        var refused = await readOnly.GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("E0000011", refused["errorCode"]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/api-tokens/" + id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/api-tokens/" + id)).Status);
        Assert.DoesNotContain((await admin.GetAsync("/api/v1/api-tokens")).Json.EnumerateArray(), token => token.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task ApiTokens_RevokeCurrentEndsTheCallersToken()
    {
        using var admin = new ManagementApiClient(_server);

        var revoked = await admin.DeleteAsync("/api/v1/api-tokens/current");

        Assert.Equal(HttpStatusCode.NoContent, revoked.Status);
        Assert.Equal("E0000011", (await admin.GetAsync("/api/v1/api-tokens"))["errorCode"]);
    }

    [Fact]
    public async Task ApiTokens_ReadOnlyAdminMayListButNotRevoke()
    {
        using var admin = new ManagementApiClient(_server);
        using var readOnly = new ManagementApiClient(_server, TestSeed.ReadOnlyApiToken);
        var id = await IdOfAsync(admin, "tests");

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/v1/api-tokens")).Status);
        var forbidden = await readOnly.DeleteAsync("/api/v1/api-tokens/" + id);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Equal("E0000006", forbidden["errorCode"]);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/api-tokens/" + id)).Status);
    }

    [Fact]
    public async Task ApiTokens_UnknownIdIsE0000007()
    {
        using var admin = new ManagementApiClient(_server);

        var missing = await admin.GetAsync("/api/v1/api-tokens/00Tnotatoken000000000");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("E0000007", missing["errorCode"]);
    }

    private static async Task<string> IdOfAsync(ManagementApiClient api, string name)
    {
        var listed = await api.GetAsync("/api/v1/api-tokens");
        return listed.Json.EnumerateArray().Single(token => token.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }
}
