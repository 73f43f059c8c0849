using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.ManagementApi.AuthorizationServers;
using Gatehouse.Server.SystemLog;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Security;

/// <summary>
/// A rule's token lifetimes, saved as <c>PUT /api/v1/authorizationServers/default/policies/{p}/rules/{r}</c> would
/// (<see cref="PolicyRuleService"/>: Okta's bounds and messages), and recorded as <c>policy.rule.update</c>.
/// </summary>
internal sealed class EditRuleModel(GatehouseDbContext database, PolicyRuleService rules, ConsoleChanges changes) : AdminPageModel
{
    public AuthorizationServerPolicy Policy { get; private set; } = null!;

    public AuthorizationServerPolicyRule Rule { get; private set; } = null!;

    [BindProperty]
    public LifetimesInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string policyId, string ruleId)
    {
        if (!await LoadAsync(policyId, ruleId))
        {
            return NotFound();
        }

        Input = new LifetimesInput
        {
            AccessTokenLifetimeMinutes = Rule.AccessTokenLifetimeMinutes,
            RefreshTokenLifetimeMinutes = Rule.RefreshTokenLifetimeMinutes,
            RefreshTokenWindowMinutes = Rule.RefreshTokenWindowMinutes,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string policyId, string ruleId)
    {
        if (!await LoadAsync(policyId, ruleId))
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        // The API's field names and messages; a blank field is not silently Okta's default here.
        foreach (var (field, value) in new[]
        {
            ("accessTokenLifetimeMinutes", Input.AccessTokenLifetimeMinutes), ("refreshTokenLifetimeMinutes", Input.RefreshTokenLifetimeMinutes),
            ("refreshTokenWindowMinutes", Input.RefreshTokenWindowMinutes),
        })
        {
            if (value is null)
            {
                Errors.Add(ModelState.TryGetValue("Input." + char.ToUpperInvariant(field[0]) + field[1..], out var entry) && entry.Errors.Count > 0
                    ? $"{field}: Enter a whole number of minutes."
                    : $"{field}: The field cannot be left blank");
            }
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var body = PolicyRuleService.WithLifetimes(Rule, Input.AccessTokenLifetimeMinutes, Input.RefreshTokenLifetimeMinutes, Input.RefreshTokenWindowMinutes);
        if (await rules.ReplaceAsync(AuthorizationServer.DefaultId, Rule, body, HttpContext.RequestAborted) is { Count: > 0 } causes)
        {
            AddCauses(causes);
            return Page();
        }

        await changes.RecordAsync(User, "PUT", "/authorizationServers/{}/policies/{}/rules/{}",
        [
            new LogEntity(AuthorizationServer.DefaultId, "AuthorizationServer"),
            new LogEntity(Policy.Id, "PolicyEntity", DisplayName: Policy.Name),
            new LogEntity(Rule.Id, "PolicyRule", DisplayName: Rule.Name),
        ]);
        return Redirect("/admin/security/authorization-server?saved=true");
    }

    private async Task<bool> LoadAsync(string policyId, string ruleId)
    {
        var (policy, error) = await PoliciesEndpoints.FindAsync(AuthorizationServer.DefaultId, policyId, database, HttpContext.RequestAborted);
        if (error is not null)
        {
            return false;
        }

        var rule = await database.AuthorizationServerPolicyRules
            .SingleOrDefaultAsync(candidate => candidate.Id == ruleId && candidate.PolicyId == policyId, HttpContext.RequestAborted);
        if (rule is null)
        {
            return false;
        }

        (Policy, Rule) = (policy!, rule);
        return true;
    }
}

internal sealed class LifetimesInput
{
    public int? AccessTokenLifetimeMinutes { get; set; }

    public int? RefreshTokenLifetimeMinutes { get; set; }

    public int? RefreshTokenWindowMinutes { get; set; }
}
