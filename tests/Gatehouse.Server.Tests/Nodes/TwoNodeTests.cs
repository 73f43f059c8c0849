using System.Net;

using Gatehouse.Server.Hosting;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Tests.Nodes;

/// <summary>
/// Two nodes on one PostgreSQL database behave as one server (issue 9, item 3; ADR 0012): whatever one node stored or
/// changed, the other uses — at once for everything the database holds, within one
/// <see cref="GatehouseOptions.ConfigurationPollInterval"/> for what nodes cache.
/// </summary>
[Trait("Category", NodeCluster.Category)]
public sealed class TwoNodeTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private NodeCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task SignIn_BegunOnAFinishesOnB()
    {
        var cookies = new CookieContainer();
        using var onA = Cluster.CreateClient(fixture.A, cookies);
        var onB = Cluster.CreateClient(fixture.B, cookies);
        var request = new AuthorizeRequest { Issuer = Cluster.DefaultIssuer };

        // Node A: the authorization request and the sign-in form (its antiforgery token and cookie).
        using var authorize = await onA.GetAsync(request.Url);
        Assert.Equal(HttpStatusCode.Found, authorize.StatusCode);
        var signIn = new Uri(new Uri(Cluster.PublicOrigin), authorize.Headers.Location!);
        Assert.Equal("/signin", signIn.AbsolutePath);
        var page = await onA.GetStringAsync(signIn);

        // Node B: the form post, the rest of the authorization request, the code exchange and userinfo.
        var posted = await onB.PostAsync(signIn, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Username"] = TestSeed.Alice,
            ["Input.Password"] = TestSeed.AlicePassword,
            ["__csrf"] = Browser.HiddenInput(page, "__csrf"),
            ["ReturnUrl"] = Browser.HiddenInput(page, "ReturnUrl"),
        }));
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        using var browserOnB = new Browser(onB, Cluster.PublicOrigin);
        var result = await browserOnB.FollowAsync(posted, username: null);
        Assert.True(result.Code is not null, $"No code from node B: {result.PageStatus} {result.PageBody}");

        var tokens = await new TokenClient(onB).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var userInfo = await new TokenClient(onB).UserInfoAsync(request.EndpointBase, tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.Equal(Jwt.Payload(tokens["id_token"]!).GetProperty("sub").GetString(), userInfo["sub"]);
        // One issuer, whichever node answered: the public origin (ADR 0012).
        Assert.Equal(Cluster.DefaultIssuer, Jwt.Payload(tokens["id_token"]!).GetProperty("iss").GetString());
    }

    [Fact]
    public async Task RefreshToken_IssuedByARedeemsOnB_AndTokensRevokedOnBAreInactiveOnA()
    {
        using var onA = Cluster.CreateClient(fixture.A);
        using var onB = Cluster.CreateClient(fixture.B);
        var request = new AuthorizeRequest { Issuer = Cluster.DefaultIssuer, Scope = "openid profile offline_access" };
        var tokens = await SignInAsync(fixture.A, request, onA);

        var refreshed = await new TokenClient(onB).RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var refreshToken = refreshed["refresh_token"]!;
        Assert.True((await new TokenClient(onA).IntrospectAsync(request.EndpointBase, refreshToken)).Json.GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(onB).RevokeAsync(request.EndpointBase, refreshToken)).Status);

        var introspection = await new TokenClient(onA).IntrospectAsync(request.EndpointBase, refreshToken);
        Assert.Equal(HttpStatusCode.OK, introspection.Status);
        Assert.False(introspection.Json.GetProperty("active").GetBoolean());
        var refused = await new TokenClient(onA).RefreshAsync(request.EndpointBase, refreshToken);
        Assert.Equal("invalid_grant", refused["error"]);

        // An access token (self-contained, ADR 0013) revoked on B is refused on A at once.
        var accessToken = refreshed["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(onA).UserInfoAsync(request.EndpointBase, accessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(onB).RevokeAsync(request.EndpointBase, accessToken)).Status);
        Assert.False((await new TokenClient(onA).IntrospectAsync(request.EndpointBase, accessToken)).Json.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await new TokenClient(onA).UserInfoAsync(request.EndpointBase, accessToken)).Status);
    }

    [Fact]
    public async Task AuthorizationCode_RacedAtAAndB_IsRedeemedExactlyOnce()
    {
        using var onA = Cluster.CreateClient(fixture.A);
        using var onB = Cluster.CreateClient(fixture.B);
        using var browser = new Browser(Cluster.CreateClient(fixture.A), Cluster.PublicOrigin);
        for (var round = 0; round < 5; round++)
        {
            var request = new AuthorizeRequest { Issuer = round % 2 == 0 ? Cluster.DefaultIssuer : Cluster.PublicOrigin };
            var code = (await browser.AuthorizeAsync(request)).Code!;

            var answers = await Task.WhenAll(
                Task.Run(() => new TokenClient(onA).ExchangeCodeAsync(request, code)),
                Task.Run(() => new TokenClient(onB).ExchangeCodeAsync(request, code)));

            Assert.Single(answers, answer => answer.Status == HttpStatusCode.OK);
            var loser = Assert.Single(answers, answer => answer.Status != HttpStatusCode.OK);
            Assert.Equal("invalid_grant", loser["error"]);
        }
    }

    [Fact]
    public async Task AppCreatedThroughA_SignsInOnBAtOnce()
    {
        using var apiOnA = new ManagementApiClient(Cluster.CreateClient(fixture.A));
        var app = await AppsApi.CreateAsync(apiOnA, AppsApi.CliWebApp(AppsApi.UniqueLabel("Nodes")));
        Assert.Equal(HttpStatusCode.OK, app.Status);
        await apiOnA.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(apiOnA, TestSeed.Alice) });

        var request = new AuthorizeRequest { Issuer = Cluster.DefaultIssuer, ClientId = AppsApi.ClientId(app), ClientSecret = AppsApi.ClientSecret(app)! };
        using var onB = Cluster.CreateClient(fixture.B);
        var tokens = await SignInAsync(fixture.B, request, onB);

        Assert.Equal(request.ClientId, Jwt.Payload(tokens["id_token"]!).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task SecretRotatedOnA_IsRefusedOnBWithinOnePollInterval()
    {
        using var apiOnA = new ManagementApiClient(Cluster.CreateClient(fixture.A));
        using var onB = Cluster.CreateClient(fixture.B);
        var app = await AppsApi.CreateAsync(apiOnA, AppsApi.ServiceApp(AppsApi.UniqueLabel("Rotate")));
        var id = app["id"]!;
        var oldSecret = AppsApi.ClientSecret(app)!;
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(onB, app, oldSecret)).Status);

        var newSecret = (await apiOnA.PostAsync($"/api/v1/apps/{id}/credentials/secrets", new { }))["client_secret"]!;
        var old = (await apiOnA.GetAsync($"/api/v1/apps/{id}/credentials/secrets")).Json.EnumerateArray()
            .Single(secret => secret.GetProperty("client_secret").GetString() == oldSecret).GetProperty("id").GetString();
        Assert.Equal("INACTIVE", (await apiOnA.PostAsync($"/api/v1/apps/{id}/credentials/secrets/{old}/lifecycle/deactivate", new { }))["status"]);

        // B answers from its application cache (Apps/ApplicationSnapshots) until its next poll sees A's change
        // (docs/decisions/0012-stateless-nodes.md); A itself refuses the old secret at once (AppsApiSecretsTests).
        await Cluster.AdvanceOnePollIntervalAsync();
        var refused = await TokenAsync(onB, app, oldSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("invalid_client", refused["error"]);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(onB, app, newSecret)).Status);
    }

    [Fact]
    public async Task TrustedOriginAddedOnA_IsUsedByBWithinOnePollInterval()
    {
        using var apiOnA = new ManagementApiClient(Cluster.CreateClient(fixture.A));
        using var onB = Cluster.CreateClient(fixture.B);
        var origin = TrustedOriginsApiTests.UniqueOrigin();
        Assert.Null(await AllowedOriginAsync(onB, origin)); // B now caches the trusted origins without this one

        Assert.Equal(HttpStatusCode.OK, (await apiOnA.PostAsync("/api/v1/trustedOrigins", TrustedOriginsApiTests.Body("Nodes", origin, "CORS"))).Status);
        // B answers from its cache until its next poll (the trusted origins snapshot does not expire on the fake clock).
        await Cluster.AdvanceOnePollIntervalAsync();

        Assert.Equal(origin, await AllowedOriginAsync(onB, origin));
    }

    [Fact]
    public async Task SigningKeyRotatedOnA_IsPublishedByBWithinOnePollInterval_AndSignsOnBothWhenDue()
    {
        using var onA = Cluster.CreateClient(fixture.A);
        using var onB = Cluster.CreateClient(fixture.B);
        var jwks = Cluster.DefaultIssuer + "/v1/keys";
        var before = await KeyIdsAsync(onB, jwks);

        // What `gatehouse keys rotate --authorization-server default` runs, against node A's services.
        Assert.Equal(0, await KeysCommand.RotateAsync(fixture.A.Services, "default", TextWriter.Null, TextWriter.Null, CancellationToken.None));
        var next = Assert.Single((await KeyIdsAsync(onA, jwks)).Except(before));

        await Cluster.AdvanceOnePollIntervalAsync();
        Assert.Contains(next, await KeyIdsAsync(onB, jwks));

        // Once the propagation delay has passed, both nodes sign with the new key.
        var options = fixture.A.Services.GetRequiredService<IOptions<GatehouseOptions>>().Value;
        Cluster.Clock.Advance(options.SigningKeyPropagationDelay + TimeSpan.FromSeconds(1));
        foreach (var node in new[] { fixture.A, fixture.B })
        {
            using var http = Cluster.CreateClient(node);
            var request = new AuthorizeRequest { Issuer = Cluster.DefaultIssuer };
            var tokens = await SignInAsync(node, request, http);
            Assert.Equal(next, Jwt.Header(tokens["id_token"]!).GetProperty("kid").GetString());
            Assert.Equal(next, Jwt.Header(tokens["access_token"]!).GetProperty("kid").GetString());
        }
    }

    [Fact]
    public async Task NodeWithAnotherKeyEncryptionCertificate_RefusesToStart()
    {
        var otherCertificate = Path.Combine(Cluster.SharedDirectory, "other", "key-encryption.pfx");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Cluster.StartNodeAsync(otherCertificate));

        Assert.Contains("KeyEncryptionCertificatePath", refused.Message, StringComparison.Ordinal);
        // The nodes that share the certificate are unaffected: the refused node wrote no key of its own.
        using var onA = Cluster.CreateClient(fixture.A);
        var request = new AuthorizeRequest { Issuer = Cluster.DefaultIssuer };
        await SignInAsync(fixture.B, request, onA);
    }

    private async Task<TokenResponse> SignInAsync(GatehouseServer node, AuthorizeRequest request, HttpClient tokenClient)
    {
        using var browser = new Browser(Cluster.CreateClient(node), Cluster.PublicOrigin);
        var result = await browser.AuthorizeAsync(request);
        Assert.True(result.Code is not null, $"No code: {result.Error} {result.PageStatus} {result.PageBody}");
        var tokens = await new TokenClient(tokenClient).ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    private Task<TokenResponse> TokenAsync(HttpClient http, ApiResponse app, string secret) =>
        new TokenClient(http).ClientCredentialsAsync(Cluster.DefaultIssuer + "/v1", TestSeed.CustomScope, AppsApi.ClientId(app), secret);

    private async Task<string?> AllowedOriginAsync(HttpClient http, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Cluster.PublicOrigin + "/oauth2/v1/keys");
        request.Headers.Add("Origin", origin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }

    private static async Task<List<string>> KeyIdsAsync(HttpClient http, string jwks)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(jwks));
        return [.. document.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!)];
    }
}
