using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.Tokens;

namespace Gatehouse.Server.Tests.Apps;

/// <summary>
/// Client applications are read once per configuration version (Apps/ApplicationSnapshots): a warm cache answers
/// token requests without reading the applications table, and a change saved through /api/v1 is in effect at the
/// very next request on the node (the secret rotation case is AppsApiSecretsTests.Secrets_RotateWithoutDowntime).
/// </summary>
public sealed class ApplicationCacheTests
{
    // Reads, inserts and updates of the table itself; the token store's queries join it to token rows (that is the
    // token store's business, not the application lookup's).
    private static readonly string[] ApplicationsTableAccess = ["FROM \"OpenIddictApplications\"", "INTO \"OpenIddictApplications\"", "UPDATE \"OpenIddictApplications\""];
    private const string MovedRedirectUri = "https://app.example.test/moved/callback";
    private static readonly string[] MovedRedirectUris = [MovedRedirectUri];
    private static readonly string[] Code = ["code"];
    private static readonly string[] AuthorizationCode = ["authorization_code"];

    [Fact]
    public async Task WarmCache_TokenRequestsDoNotReadApplications()
    {
        var recorder = new CommandRecorder();
        await using var server = await GatehouseServer.StartAsync(configureServices: recorder.AddTo);
        using var http = server.CreateClient();
        var client = new TokenClient(http);
        var endpointBase = Issued.EndpointBase(server.DefaultIssuer);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(endpointBase, TestSeed.CustomScope)).Status);
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        Assert.Contains(recorder.Commands, ReadsApplications);

        recorder.Clear();
        var credentials = await client.ClientCredentialsAsync(endpointBase, TestSeed.CustomScope);
        // A refresh creates a token entry that refers to the (cached, per-request attached) application.
        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, credentials.Status);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEmpty(recorder.Commands);
        Assert.DoesNotContain(recorder.Commands, ReadsApplications);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, refreshed["refresh_token"]!)).Status);
    }

    [Fact]
    public async Task RedirectUriChange_TakesEffectAtTheNextAuthorizeRequest()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        var label = AppsApi.UniqueLabel("Redirects");
        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(label));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) })).Status);
        using var browser = new Browser(server);
        AuthorizeRequest Request(string redirectUri) => new()
        {
            Issuer = server.DefaultIssuer,
            ClientId = AppsApi.ClientId(app),
            ClientSecret = AppsApi.ClientSecret(app)!,
            RedirectUri = redirectUri,
        };
        Assert.NotNull((await browser.AuthorizeAsync(Request(TestSeed.WebRedirectUri))).Code);

        var updated = await api.PutAsync($"/api/v1/apps/{app["id"]}", new
        {
            name = "oidc_client",
            label,
            signOnMode = "OPENID_CONNECT",
            settings = new { oauthClient = new { redirect_uris = MovedRedirectUris, response_types = Code, grant_types = AuthorizationCode, application_type = "web" } },
        });
        Assert.Equal(HttpStatusCode.OK, updated.Status);

        var old = await browser.AuthorizeAsync(Request(TestSeed.WebRedirectUri));
        var current = await browser.AuthorizeAsync(Request(MovedRedirectUri));
        Assert.Null(old.Code);
        Assert.Equal(HttpStatusCode.BadRequest, old.PageStatus);
        Assert.NotNull(current.Code);
        Assert.StartsWith(MovedRedirectUri, current.RedirectedTo!.AbsoluteUri, StringComparison.Ordinal);
    }

    private static bool ReadsApplications(string command) =>
        ApplicationsTableAccess.Any(access => command.Contains(access, StringComparison.Ordinal));
}
