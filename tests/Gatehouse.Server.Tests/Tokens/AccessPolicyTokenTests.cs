using System.Net;

using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

using Microsoft.Extensions.DependencyInjection;

using static Gatehouse.Server.Tests.ManagementApi.AccessPolicyApi;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Tokens of a custom authorization server follow its access-policy rule, changed through <c>/api/v1</c>: access
/// token lifetime, refresh-token window and lifetime, grant types and groups; no matching rule is Okta's
/// <c>access_denied</c> "Policy evaluation failed…". The org server keeps its fixed lifetimes.
/// </summary>
public sealed class AccessPolicyTokenTests
{
    private const string NoMatchingPolicy = "Policy evaluation failed for this request, please check the policy configurations.";

    [Fact]
    public async Task AccessTokenLifetime_FollowsTheRuleOnTheCustomServerOnly()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        await ReplaceDefaultRuleAsync(api, Rule(access: 15));

        var (_, custom) = await Issued.TokensAsync(server, server.DefaultIssuer);
        var (_, org) = await Issued.TokensAsync(server, server.Origin);
        using var http = server.CreateClient();
        var machine = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope);

        Assert.Equal(15 * 60, Lifetime(custom["access_token"]!));
        Assert.InRange(int.Parse(custom["expires_in"]!, System.Globalization.CultureInfo.InvariantCulture), 899, 900);
        Assert.Equal(15 * 60, Lifetime(machine["access_token"]!));
        Assert.Equal(60 * 60, Lifetime(org["access_token"]!));
        // Okta keeps ID tokens at 60 minutes on custom servers.
        Assert.Equal(60 * 60, Lifetime(custom["id_token"]!));
    }

    [Fact]
    public async Task RefreshToken_ExpiresWhenUnusedForTheRulesWindow()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        await ReplaceDefaultRuleAsync(api, Rule(access: 5, window: 30));
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        using var http = server.CreateClient();
        var client = new TokenClient(http);

        server.Clock.Advance(TimeSpan.FromMinutes(29));
        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(5 * 60, Lifetime(refreshed["access_token"]!));

        // The window starts again with each refresh token.
        server.Clock.Advance(TimeSpan.FromMinutes(29));
        var again = await client.RefreshAsync(request.EndpointBase, refreshed["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, again.Status);

        server.Clock.Advance(TimeSpan.FromMinutes(31));
        var idle = await client.RefreshAsync(request.EndpointBase, again["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, idle.Status);
        Assert.Equal("invalid_grant", idle["error"]);
    }

    [Fact]
    public async Task RefreshToken_ChainEndsAtTheRulesLifetimeEvenWhenUsedWithinTheWindow()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        await ReplaceDefaultRuleAsync(api, Rule(access: 5, refresh: 60, window: 40));
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        using var http = server.CreateClient();
        var client = new TokenClient(http);

        server.Clock.Advance(TimeSpan.FromMinutes(30));
        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        server.Clock.Advance(TimeSpan.FromMinutes(29));
        var beforeEnd = await client.RefreshAsync(request.EndpointBase, refreshed["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, beforeEnd.Status);

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterEnd = await client.RefreshAsync(request.EndpointBase, beforeEnd["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, afterEnd.Status);
        Assert.Equal("invalid_grant", afterEnd["error"]);
    }

    [Fact]
    public async Task Rule_RestrictedToAGrantTypeDeniesTheOthers()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        using var http = server.CreateClient();
        var client = new TokenClient(http);
        await ReplaceDefaultRuleAsync(api, Rule(grantTypes: ["authorization_code"]));

        var machine = await client.ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.Unauthorized, machine.Status);
        Assert.Equal("access_denied", machine["error"]);
        Assert.Equal(NoMatchingPolicy, machine["error_description"]);
        Assert.Null(machine["access_token"]);
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!)).Status);

        await ReplaceDefaultRuleAsync(api, Rule(grantTypes: ["client_credentials"]));
        using var browser = new Browser(server);
        var denied = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = server.DefaultIssuer });
        Assert.Null(denied.Code);
        Assert.Equal("access_denied", denied.Error);
        Assert.Equal(NoMatchingPolicy, denied.Parameters["error_description"]);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope)).Status);
        // The org server has no access policies.
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = server.Origin })).Code);
    }

    [Fact]
    public async Task Rule_RestrictedToAGroupDeniesNonMembers()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        var engineering = (await api.GetAsync("/api/v1/groups?q=Engineering")).Json.EnumerateArray().Single().GetProperty("id").GetString()!;
        await ReplaceDefaultRuleAsync(api, Rule(groups: [engineering]));

        using var aliceBrowser = new Browser(server);
        using var bobBrowser = new Browser(server);
        var alice = await aliceBrowser.AuthorizeAsync(new AuthorizeRequest { Issuer = server.DefaultIssuer });
        var bob = await bobBrowser.AuthorizeAsync(new AuthorizeRequest { Issuer = server.DefaultIssuer }, TestSeed.Bob, TestSeed.BobPassword);

        Assert.NotNull(alice.Code);
        Assert.Equal("access_denied", bob.Error);
    }

    [Fact]
    public async Task NoActiveRule_DeniesEveryCustomServerToken()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        var (policyId, rule) = await DefaultRuleAsync(api);
        using var http = server.CreateClient();
        // Policies are cached per configuration version (AccessPolicyCache): the change below must reach the next request.
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"{Policies}/{policyId}/rules/{rule.GetProperty("id").GetString()}/lifecycle/deactivate", new { })).Status);

        var machine = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope);

        Assert.Equal("access_denied", machine["error"]);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"{Policies}/{policyId}/rules/{rule.GetProperty("id").GetString()}/lifecycle/activate", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope)).Status);
    }

    [Fact]
    public async Task SigningKeyLifecycle_FollowsTheLongestConfiguredLifetimeAndKeepsItWhileTokensLive()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        var lifecycle = server.Services.GetRequiredService<SigningKeyLifecycle>();
        Assert.Equal(TimeSpan.FromMinutes(65), lifecycle.PublishedAfterRetirement);

        await ReplaceDefaultRuleAsync(api, Rule(access: 120, window: 200 * 24 * 60));
        Assert.Equal(TimeSpan.FromMinutes(125), lifecycle.PublishedAfterRetirement);
        Assert.Equal(TimeSpan.FromDays(200), lifecycle.ValidatesAfterRetirement);

        // Tokens issued under the 120 minutes still live after the rule is shortened.
        await ReplaceDefaultRuleAsync(api, Rule(access: 30));
        Assert.Equal(TimeSpan.FromMinutes(125), lifecycle.PublishedAfterRetirement);
        server.Clock.Advance(TimeSpan.FromMinutes(121));
        Assert.Equal(TimeSpan.FromMinutes(65), lifecycle.PublishedAfterRetirement);
    }

    private static long Lifetime(string jwt)
    {
        var payload = Jwt.Payload(jwt);
        return payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64();
    }
}
