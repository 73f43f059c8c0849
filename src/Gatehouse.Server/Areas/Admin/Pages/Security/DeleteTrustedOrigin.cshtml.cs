using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Server.ManagementApi.TrustedOrigins;
using Gatehouse.Server.SystemLog;
using Gatehouse.Server.SystemLog.AdminChanges;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Security;

/// <summary>Deleting a trusted origin: confirmed on this page (GET), done by its POST as <c>DELETE /api/v1/trustedOrigins/{id}</c>.</summary>
internal sealed class DeleteTrustedOriginModel(TrustedOriginService origins, ConsoleChanges changes) : AdminPageModel
{
    public TrustedOrigin Trusted { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await origins.FindAsync(id, HttpContext.RequestAborted) is not { } origin)
        {
            return NotFound();
        }

        Trusted = origin;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await origins.FindAsync(id, HttpContext.RequestAborted) is not { } origin)
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        var target = new LogEntity(origin.Id, "TrustedOrigin", origin.Origin, origin.Name);
        await origins.DeleteAsync(origin, HttpContext.RequestAborted);
        await changes.RecordAsync(User, "DELETE", "/trustedOrigins/{}", [target]);
        return Redirect("/admin/security/trusted-origins?deleted=true");
    }
}
