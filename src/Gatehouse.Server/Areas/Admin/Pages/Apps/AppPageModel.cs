using Gatehouse.Server.Apps;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>Base of an app's tabs: loads the app named by the route's <c>id</c>.</summary>
internal abstract class AppPageModel(OidcAppStore store) : AdminPageModel
{
    public OidcApp App { get; private set; } = null!;

    public abstract string Tab { get; }

    protected OidcAppStore Store => store;

    protected async Task<bool> LoadAsync(string id)
    {
        if (await store.FindAsync(id, HttpContext.RequestAborted) is not { } app)
        {
            return false;
        }

        App = app;
        ViewData["Section"] = "Applications";
        return true;
    }

    /// <summary>
    /// Secrets need a super admin (as <c>/api/v1</c>'s secret routes do) who signed in within the last 5 minutes:
    /// otherwise back to the org server with <c>prompt=login</c>, then to <paramref name="returnUrl"/>. Null: go ahead.
    /// </summary>
    protected async Task<Microsoft.AspNetCore.Mvc.IActionResult?> GuardSecretAsync(string id, string returnUrl)
    {
        if (!await LoadAsync(id) || App.IsPublic)
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        return HasRecentAuthentication() ? null : Reauthenticate(returnUrl);
    }
}
