using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

using static Gatehouse.Server.Tests.ManagementApi.AccessPolicyApi;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// Access policies and their rules on an authorization server: every change is in the System Log as Okta's
/// policy.lifecycle.* or policy.rule.* event, with the admin as actor and the policy or rule as target.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class PolicyChangeLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Policies_EveryPolicyAndRuleChangeIsRecorded()
    {
        using var api = new ManagementApiClient(Server);
        // A policy for an app of its own, so the shared server's other tests keep the default policy's tokens.
        var clientId = AppsApi.ClientId(await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("LogPolicy"))));
        var since = LogsApi.Now(Server);
        object PolicyBody(string name) =>
            new { type = "OAUTH_AUTHORIZATION_POLICY", name, description = "log test", conditions = new { clients = new { include = new[] { clientId } } } };
        var policyId = (await api.PostAsync(Policies, PolicyBody("Log policy")))["id"]!;
        var policy = $"{Policies}/{policyId}";
        var ruleId = (await api.PostAsync($"{policy}/rules", Rule(name: "Log rule")))["id"]!;
        var rule = $"{policy}/rules/{ruleId}";

        AdminChange[] ruleChanges =
        [
            new("policy.rule.update", () => api.PutAsync(rule, Rule(name: "Log rule 2", access: 30))),
            new("policy.rule.deactivate", () => api.PostAsync($"{rule}/lifecycle/deactivate", new { })),
            new("policy.rule.activate", () => api.PostAsync($"{rule}/lifecycle/activate", new { })),
            new("policy.rule.delete", () => api.DeleteAsync(rule)),
        ];
        AdminChange[] policyChanges =
        [
            new("policy.lifecycle.update", () => api.PutAsync(policy, PolicyBody("Log policy 2"))),
            new("policy.lifecycle.deactivate", () => api.PostAsync($"{policy}/lifecycle/deactivate", new { })),
            new("policy.lifecycle.activate", () => api.PostAsync($"{policy}/lifecycle/activate", new { })),
            new("policy.lifecycle.delete", () => api.DeleteAsync(policy)),
        ];
        await AdminChange.RunAsync([.. ruleChanges, .. policyChanges]);

        await AdminLog.AssertRecordedAsync(api, since, ruleId, "PolicyRule", ["policy.rule.add", .. ruleChanges.Select(change => change.EventType)]);
        // Rule events name their policy too (the route does), so the policy's history includes its rules'.
        await AdminLog.AssertRecordedAsync(
            api, since, policyId, "PolicyEntity", ["policy.lifecycle.create", "policy.rule.add", .. ruleChanges.Select(change => change.EventType), .. policyChanges.Select(change => change.EventType)]);
    }
}
