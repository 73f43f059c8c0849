using Gatehouse.Server.Apps;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>Rotating a secret: a confirm page (GET), then the POST; both after a recent sign-in.</summary>
internal sealed class RotateSecretModel(OidcAppStore store, AppService apps) : AppPageModel(store)
{
    public override string Tab => "General";

    public async Task<IActionResult> OnGetAsync(string id) =>
        await GuardSecretAsync(id, $"/admin/apps/{id}/secret/rotate") ?? Page();

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await GuardSecretAsync(id, $"/admin/apps/{id}/secret/rotate") is { } refused)
        {
            return refused;
        }

        if (AdminConsoleApp.IsAdminConsole(id))
        {
            return ForbidAdmin();
        }

        var (_, cause) = await apps.RotateSecretAsync(App, HttpContext.RequestAborted);
        if (cause is not null)
        {
            AddCauses([cause]);
            return Page();
        }

        return Redirect($"/admin/apps/{id}/secret?rotated=true");
    }
}
