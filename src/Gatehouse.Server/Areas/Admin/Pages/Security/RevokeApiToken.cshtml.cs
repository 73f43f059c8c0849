using Gatehouse.Core.ApiTokens;
using Gatehouse.Server.ManagementApi.ApiTokens;
using Gatehouse.Server.SystemLog;
using Gatehouse.Server.SystemLog.AdminChanges;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Security;

/// <summary>Revoking an API token: confirmed on this page (GET), done by its POST as <c>DELETE /api/v1/api-tokens/{id}</c>.</summary>
internal sealed class RevokeApiTokenModel(ApiTokenService tokens, ConsoleChanges changes) : AdminPageModel
{
    public ApiToken Token { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await tokens.FindActiveAsync(id, HttpContext.RequestAborted) is not { } token)
        {
            return NotFound();
        }

        Token = token;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await tokens.FindActiveAsync(id, HttpContext.RequestAborted) is not { } token)
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        if (await tokens.RevokeAsync(id, HttpContext.RequestAborted))
        {
            await changes.RecordAsync(User, "DELETE", "/api-tokens/{}", [new LogEntity(token.Id, "Token", DisplayName: token.Name)]);
        }

        return Redirect("/admin/security/api-tokens?revoked=true");
    }
}
