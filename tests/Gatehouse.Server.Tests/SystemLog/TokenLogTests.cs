using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.Tokens;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// Token events with Okta's names: <c>app.oauth2.as.token.grant.*</c> on custom servers, <c>app.oauth2.token.grant.*</c>
/// on the org server, <c>user.authentication.sso</c> at the authorization endpoint, <c>*.detect_reuse</c> on refresh
/// token reuse. Targets name tokens by id (jti), never by value.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class TokenLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(false, "app.oauth2.as.token.grant.")]
    [InlineData(true, "app.oauth2.token.grant.")]
    public async Task CodeExchange_RecordsSsoAndOneGrantPerTokenWithoutTokenValues(bool orgServer, string prefix)
    {
        using var api = new ManagementApiClient(Server);
        var since = LogsApi.Now(Server);

        var (_, tokens) = await Issued.TokensAsync(Server, orgServer ? Server.Origin : Server.DefaultIssuer);

        var accessJti = Jwt.Payload(tokens["access_token"]!).GetProperty("jti").GetString()!;
        var idJti = Jwt.Payload(tokens["id_token"]!).GetProperty("jti").GetString()!;
        var access = await LogsApi.SingleAsync(api, since, prefix + "access_token", $"target.id eq \"{accessJti}\"");
        var id = await LogsApi.SingleAsync(api, since, prefix + "id_token", $"target.id eq \"{idJti}\"");
        Assert.Equal(TestSeed.WebClientId, access.Text("actor", "id"));
        Assert.Equal("PublicClientApp", access.Text("actor", "type"));
        Assert.Equal("authorization_code", access.Text("debugContext", "debugData", "grantType"));
        Assert.Contains(LogsApi.TargetIds(access), target => target.StartsWith("00u", StringComparison.Ordinal));
        Assert.Equal("SUCCESS", id.Text("outcome", "result"));

        var refreshEvents = await LogsApi.EventsAsync(api, ("since", since), ("filter", $"eventType eq \"{prefix}refresh_token\" and actor.id eq \"{TestSeed.WebClientId}\""));
        Assert.NotEmpty(refreshEvents);
        var sso = await LogsApi.EventsAsync(api, ("since", since), ("filter", $"eventType eq \"user.authentication.sso\" and target.id eq \"{TestSeed.WebClientId}\""));
        Assert.NotEmpty(sso);

        var all = (await api.GetAsync(LogsApi.Url(("since", since), ("limit", "1000")))).Json.GetRawText();
        Assert.DoesNotContain(tokens["access_token"]!, all, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens["refresh_token"]!, all, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens["id_token"]!, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_RecordsAccessTokenGrantWithTheClientAsActor()
    {
        using var api = new ManagementApiClient(Server);
        using var http = Server.CreateClient();
        var since = LogsApi.Now(Server);

        var tokens = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(Server.DefaultIssuer), TestSeed.CustomScope);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var jti = Jwt.Payload(tokens["access_token"]!).GetProperty("jti").GetString()!;
        var grant = await LogsApi.SingleAsync(api, since, "app.oauth2.as.token.grant.access_token", $"target.id eq \"{jti}\"");
        Assert.Equal(TestSeed.ServiceClientId, grant.Text("actor", "id"));
        Assert.Equal("client_credentials", grant.Text("debugContext", "debugData", "grantType"));
        Assert.Equal(TestSeed.CustomScope, grant.Text("debugContext", "debugData", "grantedScopes"));
    }

    [Fact]
    public async Task ConcurrentGrants_EachRecordItsOwnEventBeforeTheResponse()
    {
        // Concurrent requests share one System Log transaction (SystemLogRecorder's group write); each response
        // still comes after its own event is stored, so the log holds every jti at once.
        using var api = new ManagementApiClient(Server);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var since = LogsApi.Now(Server);

        var grants = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.ClientCredentialsAsync(Issued.EndpointBase(Server.DefaultIssuer), TestSeed.CustomScope)));

        Assert.All(grants, grant => Assert.Equal(HttpStatusCode.OK, grant.Status));
        var logged = (await LogsApi.EventsAsync(api, ("since", since), ("limit", "1000"), ("filter", "eventType eq \"app.oauth2.as.token.grant.access_token\"")))
            .SelectMany(LogsApi.TargetIds).ToHashSet();
        Assert.All(grants, grant => Assert.Contains(Jwt.Payload(grant["access_token"]!).GetProperty("jti").GetString()!, logged));
    }

    [Theory]
    [InlineData(false, "app.oauth2.as.token.detect_reuse")]
    [InlineData(true, "app.oauth2.token.detect_reuse")]
    public async Task RefreshReuse_AfterTheGracePeriodIsRecordedOnceNotInside(bool orgServer, string eventType)
    {
        using var api = new ManagementApiClient(Server);
        var (request, tokens) = await Issued.TokensAsync(Server, orgServer ? Server.Origin : Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);
        var original = tokens["refresh_token"]!;
        var since = LogsApi.Now(Server);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, original)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, original)).Status);
        Assert.Empty(await LogsApi.EventsAsync(api, ("since", since), ("filter", $"eventType eq \"{eventType}\"")));

        Server.Clock.Advance(TimeSpan.FromSeconds(31));
        var reused = await client.RefreshAsync(request.EndpointBase, original);

        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        var detected = Assert.Single(await LogsApi.EventsAsync(api, ("since", since), ("filter", $"eventType eq \"{eventType}\"")));
        Assert.Equal("DENY", detected.Text("outcome", "result"));
        Assert.Equal("WARN", detected.Text("severity"));
        Assert.Equal(TestSeed.WebClientId, detected.Text("actor", "id"));
        Assert.DoesNotContain(original, detected.GetRawText(), StringComparison.Ordinal);
    }
}
