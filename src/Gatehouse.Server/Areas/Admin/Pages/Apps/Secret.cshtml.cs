using Gatehouse.Server.Apps;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>Reveals the client secret, after a recent sign-in (<see cref="AppPageModel.GuardSecretAsync"/>).</summary>
internal sealed class SecretModel(OidcAppStore store) : AppPageModel(store)
{
    public override string Tab => "General";

    public string? Secret { get; private set; }

    public bool Rotated { get; private set; }

    public bool IsBuiltIn => AdminConsoleApp.IsAdminConsole(App.Id);

    public async Task<IActionResult> OnGetAsync(string id, bool rotated = false)
    {
        if (await GuardSecretAsync(id, $"/admin/apps/{id}/secret") is { } refused)
        {
            return refused;
        }

        Rotated = rotated;
        Secret = App.Secrets.LastOrDefault(secret => secret.IsActive) is { } current ? Store.Reveal(current) : null;
        return Page();
    }
}
