using System.Net;
using System.Text.Json;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>The default server's access policy through <c>/api/v1</c>, for the policy and token-lifetime tests.</summary>
internal static class AccessPolicyApi
{
    public const string Policies = "/api/v1/authorizationServers/default/policies";

    public static readonly string[] AllGrantTypes = ["implicit", "client_credentials", "authorization_code", "password"];

    public static async Task<(string PolicyId, JsonElement Rule)> DefaultRuleAsync(ManagementApiClient api)
    {
        var policies = await api.GetAsync(Policies);
        Assert.Equal(HttpStatusCode.OK, policies.Status);
        var policyId = policies.Json.EnumerateArray().Single(policy => policy.GetProperty("name").GetString() == "Default Policy").GetProperty("id").GetString()!;
        var rules = await api.GetAsync($"{Policies}/{policyId}/rules");
        Assert.Equal(HttpStatusCode.OK, rules.Status);
        return (policyId, rules.Json.EnumerateArray().First());
    }

    public static object Rule(
        string[]? grantTypes = null, string[]? groups = null, int access = 60, int refresh = 0, int window = 10_080, string name = "Default Policy Rule", int? priority = null) => new
        {
            type = "RESOURCE_ACCESS",
            name,
            priority,
            conditions = new
            {
                people = new { groups = new { include = groups ?? ["EVERYONE"] } },
                grantTypes = new { include = grantTypes ?? AllGrantTypes },
                scopes = new { include = new[] { "*" } },
            },
            actions = new { token = new { accessTokenLifetimeMinutes = access, refreshTokenLifetimeMinutes = refresh, refreshTokenWindowMinutes = window } },
        };

    /// <summary>Replaces the default rule and asserts it was accepted.</summary>
    public static async Task<JsonElement> ReplaceDefaultRuleAsync(ManagementApiClient api, object rule)
    {
        var (policyId, current) = await DefaultRuleAsync(api);
        var response = await api.PutAsync($"{Policies}/{policyId}/rules/{current.GetProperty("id").GetString()}", rule);
        Assert.True(response.Status == HttpStatusCode.OK, $"{response.Status} {response.Body}");
        return response.Json;
    }
}
