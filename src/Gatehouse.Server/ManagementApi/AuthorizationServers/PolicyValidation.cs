using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Pages.Authorize;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

using OpenIddict.Abstractions;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// Checks policy and rule bodies as Okta does, one E0000001 cause per problem. Token lifetimes have Okta's bounds
/// (authorization-servers reference, actions object): access tokens 5 min to 1 day; refresh tokens unlimited (0) or
/// at least the access token's lifetime; the refresh window 10 min to 5 years and within the refresh lifetime.
/// </summary>
internal sealed class PolicyValidation(GatehouseDbContext database, IOpenIddictApplicationManager applications, IssuerRegistry issuers)
{
    public const int MinAccessTokenMinutes = 5;
    public const int MaxAccessTokenMinutes = 24 * 60;
    public const int MinRefreshWindowMinutes = 10;
    public const int MaxRefreshMinutes = 5 * 365 * 24 * 60;

    /// <summary>The grant types Okta's rules accept (those Gatehouse does not implement simply never match a request).</summary>
    public static readonly IReadOnlySet<string> KnownGrantTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.Password, GrantTypes.ClientCredentials,
        GrantTypes.DeviceCode, GrantTypes.TokenExchange, "interaction_code", "urn:ietf:params:oauth:grant-type:saml2-bearer",
        "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:openid:params:grant-type:ciba",
    };

    public async Task<List<string>> ValidateAsync(PolicyBody body, CancellationToken cancellationToken)
    {
        var causes = new List<string>();
        CheckCommon(causes, body.Type, PolicyResource.PolicyType, body.Name, body.Priority, body.Status);
        if (string.IsNullOrWhiteSpace(body.Description))
        {
            causes.Add("description: The field cannot be left blank");
        }

        var clients = ClientsOf(body);
        if (clients.Count == 0)
        {
            causes.Add("conditions.clients.include: The field cannot be left blank");
        }

        foreach (var client in clients.Where(client => client != AuthorizationServerPolicy.AllClients))
        {
            if (await applications.FindByClientIdAsync(client, cancellationToken) is null)
            {
                causes.Add($"conditions.clients.include: Invalid client id: {client}");
            }
        }

        return causes;
    }

    public async Task<List<string>> ValidateAsync(RuleBody body, string authorizationServerId, CancellationToken cancellationToken)
    {
        var causes = new List<string>();
        CheckCommon(causes, body.Type, PolicyResource.RuleType, body.Name, body.Priority, body.Status);
        var grantTypes = body.Conditions?.GrantTypes?.Include ?? [];
        if (grantTypes.Count == 0)
        {
            causes.Add("conditions.grantTypes.include: The field cannot be left blank");
        }

        causes.AddRange(grantTypes.Where(type => !KnownGrantTypes.Contains(type)).Select(type => $"conditions.grantTypes.include: Invalid grant type: {type}"));
        var scopes = body.Conditions?.Scopes?.Include ?? [];
        if (scopes.Count == 0)
        {
            causes.Add("conditions.scopes.include: The field cannot be left blank");
        }

        var issuer = issuers.TryGetCustomServer(authorizationServerId, out var custom) ? custom : issuers.OrgServer;
        causes.AddRange(scopes.Where(scope => scope != AuthorizationServerPolicyRule.AnyScope && !AuthorizationPrincipalFactory.IsOffered(issuer, scope))
            .Select(scope => $"conditions.scopes.include: Invalid scope: {scope}"));
        foreach (var group in GroupsOf(body).Where(group => group != AuthorizationServerPolicyRule.Everyone))
        {
            if (!await database.Groups.AnyAsync(candidate => candidate.Id == group, cancellationToken))
            {
                causes.Add($"conditions.people.groups.include: Invalid group id: {group}");
            }
        }

        foreach (var user in body.Conditions?.People?.Users?.Include ?? [])
        {
            if (!await database.Users.AnyAsync(candidate => candidate.Id == user, cancellationToken))
            {
                causes.Add($"conditions.people.users.include: Invalid user id: {user}");
            }
        }

        CheckLifetimes(causes, Lifetimes(body));
        return causes;
    }

    public static List<string> ClientsOf(PolicyBody body) =>
        body.Conditions?.Clients?.Include?.Distinct(StringComparer.Ordinal).ToList() ?? [AuthorizationServerPolicy.AllClients];

    /// <summary>A rule without a people condition applies to everyone (Okta's default rule says so explicitly).</summary>
    public static List<string> GroupsOf(RuleBody body) =>
        body.Conditions?.People is { } people
            ? people.Groups?.Include?.Distinct(StringComparer.Ordinal).ToList() ?? []
            : [AuthorizationServerPolicyRule.Everyone];

    /// <summary>Missing values take Okta's defaults: 60 min, unlimited, 7 days.</summary>
    public static (int Access, int Refresh, int Window) Lifetimes(RuleBody body) =>
        (body.Actions?.Token?.AccessTokenLifetimeMinutes ?? 60, body.Actions?.Token?.RefreshTokenLifetimeMinutes ?? 0,
            body.Actions?.Token?.RefreshTokenWindowMinutes ?? 10_080);

    private static void CheckLifetimes(List<string> causes, (int Access, int Refresh, int Window) lifetimes)
    {
        if (lifetimes.Access is < MinAccessTokenMinutes or > MaxAccessTokenMinutes)
        {
            causes.Add($"accessTokenLifetimeMinutes: Access token lifetime must be between {MinAccessTokenMinutes} minutes and 1 day.");
        }

        if (lifetimes.Refresh != 0 && (lifetimes.Refresh < lifetimes.Access || lifetimes.Refresh > MaxRefreshMinutes))
        {
            causes.Add("refreshTokenLifetimeMinutes: Refresh token lifetime must be unlimited (0) or between the access token lifetime and 5 years.");
        }

        if (lifetimes.Window is < MinRefreshWindowMinutes or > MaxRefreshMinutes)
        {
            causes.Add($"refreshTokenWindowMinutes: Refresh token window must be between {MinRefreshWindowMinutes} minutes and 5 years.");
        }
        else if (lifetimes.Refresh != 0 && lifetimes.Window > lifetimes.Refresh)
        {
            causes.Add("refreshTokenWindowMinutes: Refresh token window cannot exceed the refresh token lifetime.");
        }
    }

    private static void CheckCommon(List<string> causes, string? type, string expectedType, string? name, int? priority, string? status)
    {
        if (type is not null && type != expectedType)
        {
            causes.Add($"type: Invalid type: {type}");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            causes.Add("name: The field cannot be left blank");
        }
        else if (name.Length > 255)
        {
            causes.Add("name: The field cannot exceed 255 characters");
        }

        if (priority is < 1)
        {
            causes.Add("priority: Priority must be a positive number");
        }

        if (status is not (null or "ACTIVE" or "INACTIVE"))
        {
            causes.Add($"status: Invalid status: {status}");
        }
    }
}
