using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

using static Gatehouse.Server.Tests.ManagementApi.AccessPolicyApi;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// <c>/api/v1/authorizationServers/{id}/policies</c> and their rules (Okta's authorization-servers reference): the
/// default server ships with Okta's default policy; policies and rules are created, replaced, reordered, switched
/// on and off and deleted by super admins; lifetimes outside Okta's bounds are E0000001.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class AuthorizationServerPoliciesApiTests(GatehouseServerFixture fixture)
{
    private static readonly string[] AllClients = ["ALL_CLIENTS"];
    private static readonly string[] NoSuchClient = ["0oanosuchclient"];

    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Policies_DefaultServerHasOktasDefaultPolicyAndRule()
    {
        using var api = new ManagementApiClient(Server);

        var policies = await api.GetAsync(Policies);
        var (policyId, rule) = await DefaultRuleAsync(api);

        var policy = Assert.Single(policies.Json.EnumerateArray());
        Assert.Equal("OAUTH_AUTHORIZATION_POLICY", policy.GetProperty("type").GetString());
        Assert.StartsWith("00p", policyId, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", policy.GetProperty("status").GetString());
        Assert.Equal(1, policy.GetProperty("priority").GetInt32());
        Assert.Equal(["ALL_CLIENTS"], policy.GetProperty("conditions").GetProperty("clients").GetProperty("include").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("RESOURCE_ACCESS", rule.GetProperty("type").GetString());
        Assert.StartsWith("0pr", rule.GetProperty("id").GetString(), StringComparison.Ordinal);
        var token = rule.GetProperty("actions").GetProperty("token");
        Assert.Equal(60, token.GetProperty("accessTokenLifetimeMinutes").GetInt32());
        Assert.Equal(0, token.GetProperty("refreshTokenLifetimeMinutes").GetInt32());
        Assert.Equal(10_080, token.GetProperty("refreshTokenWindowMinutes").GetInt32());
        var conditions = rule.GetProperty("conditions");
        Assert.Equal(["EVERYONE"], conditions.GetProperty("people").GetProperty("groups").GetProperty("include").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal(["*"], conditions.GetProperty("scopes").GetProperty("include").EnumerateArray().Select(value => value.GetString()));
        Assert.Contains("authorization_code", conditions.GetProperty("grantTypes").GetProperty("include").EnumerateArray().Select(value => value.GetString()));
    }

    [Fact]
    public async Task Rules_LifetimesOutsideOktasBoundsAreE0000001WithCauses()
    {
        using var api = new ManagementApiClient(Server);
        var (policyId, _) = await DefaultRuleAsync(api);

        var response = await api.PostAsync($"{Policies}/{policyId}/rules", Rule(access: 4, refresh: 30, window: 5, name: "too short"));

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains(causes, cause => cause.StartsWith("accessTokenLifetimeMinutes:", StringComparison.Ordinal));
        Assert.Contains(causes, cause => cause.StartsWith("refreshTokenWindowMinutes:", StringComparison.Ordinal));
        var tooLong = await api.PostAsync($"{Policies}/{policyId}/rules", Rule(access: 1441, name: "too long"));
        Assert.Contains(tooLong.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.StartsWith("accessTokenLifetimeMinutes:", StringComparison.Ordinal));
        var refreshShorterThanAccess = await api.PostAsync($"{Policies}/{policyId}/rules", Rule(access: 60, refresh: 30, window: 10, name: "refresh"));
        Assert.Contains(refreshShorterThanAccess.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.StartsWith("refreshTokenLifetimeMinutes:", StringComparison.Ordinal));
        var unknownGrant = await api.PostAsync($"{Policies}/{policyId}/rules", Rule(grantTypes: ["magic"], name: "grant"));
        Assert.Contains(unknownGrant.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.StartsWith("conditions.grantTypes.include:", StringComparison.Ordinal));
        Assert.Single((await api.GetAsync($"{Policies}/{policyId}/rules")).Json.EnumerateArray());
    }

    [Fact]
    public async Task Policies_ReadOnlyAdminMayReadButNotChange()
    {
        using var api = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Policies)).Status);
        var (policyId, rule) = await DefaultRuleAsync(api);
        (await api.PostAsync(Policies, new { name = "mine", description = "d" })).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await api.PutAsync($"{Policies}/{policyId}/rules/{rule.GetProperty("id").GetString()}", Rule(access: 5))).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await api.PostAsync($"{Policies}/{policyId}/lifecycle/deactivate", new { })).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }

    [Theory]
    [InlineData("/api/v1/authorizationServers/aus-no-such-server/policies")]
    [InlineData("/api/v1/authorizationServers/default/policies/00pnosuchpolicy000001")]
    [InlineData("/api/v1/authorizationServers/default/policies/00pnosuchpolicy000001/rules")]
    public async Task Policies_UnknownServerOrPolicyIs404(string path)
    {
        using var api = new ManagementApiClient(Server);

        (await api.GetAsync(path)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Policies_CreateReplaceReorderDeactivateAndDelete()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        var (defaultPolicyId, _) = await DefaultRuleAsync(api);

        var created = await api.PostAsync(Policies, new
        {
            type = "OAUTH_AUTHORIZATION_POLICY",
            name = "Web only",
            description = "For the web app",
            priority = 1,
            conditions = new { clients = new { include = new[] { TestSeed.WebClientId } } },
        });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = created["id"]!;
        Assert.Equal(1, created.Json.GetProperty("priority").GetInt32());
        Assert.Equal(2, (await api.GetAsync($"{Policies}/{defaultPolicyId}")).Json.GetProperty("priority").GetInt32());

        var replaced = await api.PutAsync($"{Policies}/{id}", new
        {
            name = "Web only (renamed)",
            description = "still",
            priority = 5,
            conditions = new { clients = new { include = AllClients } },
        });
        Assert.Equal("Web only (renamed)", replaced["name"]);
        Assert.Equal(2, replaced.Json.GetProperty("priority").GetInt32());
        Assert.Equal(1, (await api.GetAsync($"{Policies}/{defaultPolicyId}")).Json.GetProperty("priority").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"{Policies}/{id}/lifecycle/deactivate", new { })).Status);
        Assert.Equal("INACTIVE", (await api.GetAsync($"{Policies}/{id}")).Json.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"{Policies}/{id}/lifecycle/activate", new { })).Status);
        Assert.Equal("ACTIVE", (await api.GetAsync($"{Policies}/{id}")).Json.GetProperty("status").GetString());

        var invalidClient = await api.PostAsync(Policies, new { name = "x", description = "x", conditions = new { clients = new { include = NoSuchClient } } });
        Assert.Contains(invalidClient.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.StartsWith("conditions.clients.include:", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"{Policies}/{id}")).Status);
        (await api.GetAsync($"{Policies}/{id}")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        Assert.Single((await api.GetAsync(Policies)).Json.EnumerateArray());
    }

    [Fact]
    public async Task Rules_CreatedBeforeTheDefaultRuleTakeItsPriority()
    {
        await using var server = await GatehouseServer.StartAsync();
        using var api = new ManagementApiClient(server);
        var (policyId, defaultRule) = await DefaultRuleAsync(api);

        var created = await api.PostAsync($"{Policies}/{policyId}/rules", Rule(grantTypes: ["client_credentials"], access: 5, name: "Machines", priority: 1));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var rules = (await api.GetAsync($"{Policies}/{policyId}/rules")).Json.EnumerateArray().ToList();
        Assert.Equal(["Machines", "Default Policy Rule"], rules.Select(rule => rule.GetProperty("name").GetString()));
        Assert.Equal([1, 2], rules.Select(rule => rule.GetProperty("priority").GetInt32()));
        Assert.Equal(5, created.Json.GetProperty("actions").GetProperty("token").GetProperty("accessTokenLifetimeMinutes").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"{Policies}/{policyId}/rules/{created["id"]}")).Status);
        var remaining = Assert.Single((await api.GetAsync($"{Policies}/{policyId}/rules")).Json.EnumerateArray());
        Assert.Equal(defaultRule.GetProperty("id").GetString(), remaining.GetProperty("id").GetString());
        Assert.Equal(1, remaining.GetProperty("priority").GetInt32());
    }
}
