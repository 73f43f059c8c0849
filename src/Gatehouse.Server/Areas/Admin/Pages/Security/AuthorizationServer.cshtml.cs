using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.ManagementApi.AuthorizationServers;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Security;

/// <summary>
/// Security &gt; API: the <c>default</c> custom authorization server as <c>GET /api/v1/authorizationServers/default</c>
/// (issuer, audience), its scopes and claims, and its access policies with their rules' token lifetimes.
/// </summary>
internal sealed class AuthorizationServerModel(GatehouseDbContext database, IssuerRegistry issuers) : AdminPageModel
{
    public AuthorizationServer Server { get; private set; } = null!;

    public string Issuer { get; private set; } = string.Empty;

    public List<(string Name, string? Description, bool System)> Scopes { get; private set; } = [];

    public IReadOnlyList<(string Name, string ClaimType, string ValueType, string? Value, string[] Scopes)> Claims { get; } =
        AuthorizationServerClaims.Describe();

    public List<(AuthorizationServerPolicy Policy, List<AuthorizationServerPolicyRule> Rules)> Policies { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (await AuthorizationServersEndpoints.FindAsync(AuthorizationServer.DefaultId, database, cancellationToken) is not { } server)
        {
            return NotFound();
        }

        Server = server;
        Saved = saved;
        Issuer = issuers.TryGetCustomServer(server.Id, out var registered) ? registered.Name : $"{issuers.Origin}/oauth2/{server.Id}";
        var custom = await database.AuthorizationServerScopes.AsNoTracking()
            .Where(scope => scope.AuthorizationServerId == server.Id).OrderBy(scope => scope.Name).ToListAsync(cancellationToken);
        Scopes = [.. AuthorizationServersEndpoints.SystemScopes.Select(scope => (scope.Name, (string?)scope.Description, true)),
            .. custom.Select(scope => (scope.Name, scope.Description, false))];
        var policies = await database.AuthorizationServerPolicies.AsNoTracking()
            .Where(policy => policy.AuthorizationServerId == server.Id).OrderBy(policy => policy.Priority).ToListAsync(cancellationToken);
        var ids = policies.Select(policy => policy.Id).ToList();
        var rules = await database.AuthorizationServerPolicyRules.AsNoTracking()
            .Where(rule => ids.Contains(rule.PolicyId)).OrderBy(rule => rule.Priority).ToListAsync(cancellationToken);
        Policies = [.. policies.Select(policy => (policy, rules.Where(rule => rule.PolicyId == policy.Id).ToList()))];
        return Page();
    }

    /// <summary>Minutes as Okta's console writes them: "1 hour", "7 days", "Unlimited" for 0 where allowed.</summary>
    public static string Duration(int minutes, bool zeroIsUnlimited = false) => minutes switch
    {
        0 when zeroIsUnlimited => "Unlimited",
        _ when minutes % (24 * 60) == 0 => Plural(minutes / (24 * 60), "day"),
        _ when minutes % 60 == 0 => Plural(minutes / 60, "hour"),
        _ => Plural(minutes, "minute"),
    };

    private static string Plural(int count, string unit) =>
        count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? string.Empty : "s");
}
