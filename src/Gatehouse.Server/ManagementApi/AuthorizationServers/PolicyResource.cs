using Gatehouse.Core.AuthorizationServers;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>Okta's JSON for access policies and rules (authorization-servers reference: policy and rule objects).</summary>
internal static class PolicyResource
{
    public const string PolicyType = "OAUTH_AUTHORIZATION_POLICY";
    public const string RuleType = "RESOURCE_ACCESS";
    public const string PolicyResourceName = "Policy";
    public const string RuleResourceName = "PolicyRule";

    public static string Status(bool active) => active ? "ACTIVE" : "INACTIVE";

    public static string PolicyHref(string origin, AuthorizationServerPolicy policy) =>
        $"{origin}/api/v1/authorizationServers/{policy.AuthorizationServerId}/policies/{policy.Id}";

    public static object ToJson(AuthorizationServerPolicy policy, string origin)
    {
        var self = PolicyHref(origin, policy);
        return new
        {
            type = PolicyType,
            id = policy.Id,
            status = Status(policy.Active),
            name = policy.Name,
            description = policy.Description,
            priority = policy.Priority,
            system = false,
            conditions = new { clients = new { include = policy.ClientIds } },
            created = policy.Created,
            lastUpdated = policy.LastUpdated,
            _links = new Dictionary<string, object>
            {
                ["self"] = Link(self, "GET", "PUT", "DELETE"),
                [policy.Active ? "deactivate" : "activate"] = Link(self + "/lifecycle/" + (policy.Active ? "deactivate" : "activate"), "POST"),
                ["rules"] = Link(self + "/rules", "GET"),
            },
        };
    }

    public static object ToJson(AuthorizationServerPolicyRule rule, AuthorizationServerPolicy policy, string origin)
    {
        var self = PolicyHref(origin, policy) + "/rules/" + rule.Id;
        return new
        {
            type = RuleType,
            id = rule.Id,
            status = Status(rule.Active),
            name = rule.Name,
            priority = rule.Priority,
            system = false,
            created = rule.Created,
            lastUpdated = rule.LastUpdated,
            conditions = new
            {
                people = new
                {
                    users = new { include = rule.UserIds, exclude = Array.Empty<string>() },
                    groups = new { include = rule.GroupIds, exclude = Array.Empty<string>() },
                },
                grantTypes = new { include = rule.GrantTypes },
                scopes = new { include = rule.Scopes },
            },
            actions = new
            {
                token = new
                {
                    accessTokenLifetimeMinutes = rule.AccessTokenLifetimeMinutes,
                    refreshTokenLifetimeMinutes = rule.RefreshTokenLifetimeMinutes,
                    refreshTokenWindowMinutes = rule.RefreshTokenWindowMinutes,
                },
            },
            _links = new Dictionary<string, object>
            {
                ["self"] = Link(self, "GET", "PUT", "DELETE"),
                [rule.Active ? "deactivate" : "activate"] = Link(self + "/lifecycle/" + (rule.Active ? "deactivate" : "activate"), "POST"),
            },
        };
    }

    private static object Link(string href, params string[] allow) => new { href, hints = new { allow } };
}
