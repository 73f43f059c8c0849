using Gatehouse.Core.ApiTokens;
using Gatehouse.Server.ManagementApi.ApiTokens;
using Gatehouse.Server.SystemLog;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Security;

/// <summary>
/// Security &gt; API &gt; Tokens: the active tokens' metadata, and Create Token (<see cref="ApiTokenService"/>): the
/// value is shown once, in the answer to the POST, never stored (only its keyed hash) nor shown again.
/// </summary>
internal sealed class ApiTokensModel(ApiTokenService tokens, GatehouseDbContext database, ConsoleChanges changes) : AdminPageModel
{
    public List<(ApiToken Token, string? Owner)> Tokens { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The new token's value: set only in the POST's answer.</summary>
    public string? CreatedValue { get; private set; }

    public string? CreatedName { get; private set; }

    public bool Revoked { get; private set; }

    public async Task OnGetAsync(bool revoked = false)
    {
        Revoked = revoked;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsSuperAdminAsync() || User.FindFirst("sub")?.Value is not { } adminId)
        {
            return ForbidAdmin();
        }

        var (token, value, causes) = await tokens.CreateAsync(Name, adminId, HttpContext.RequestAborted);
        if (causes.Count > 0)
        {
            AddCauses(causes);
        }
        else
        {
            await changes.RecordAsync(User, "POST", "/api-tokens", [new LogEntity(token!.Id, "Token", DisplayName: token.Name)]);
            (CreatedValue, CreatedName, Name) = (value, token.Name, null);
            // The value is in this answer only: keep it out of caches and the back/forward cache.
            Response.Headers.CacheControl = "no-store";
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var active = await tokens.ListActiveAsync(HttpContext.RequestAborted);
        var ownerIds = active.Select(token => token.UserId).Distinct().ToList();
        var owners = await database.Users.AsNoTracking().Where(user => ownerIds.Contains(user.Id))
            .ToDictionaryAsync(user => user.Id, user => user.UserName, HttpContext.RequestAborted);
        Tokens = [.. active.OrderByDescending(token => token.Created).Select(token => (token, owners.GetValueOrDefault(token.UserId)))];
    }
}
