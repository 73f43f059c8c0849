using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>The wizard's first step, as the guide walks it: sign-in method (OIDC), then the application type.</summary>
public sealed class CreateModel : AdminPageModel
{
    [BindProperty]
    public string? SignInMethod { get; set; } = "OIDC";

    [BindProperty]
    public string? ApplicationType { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        if (SignInMethod != "OIDC")
        {
            Errors.Add("Sign-in method: choose OIDC - OpenID Connect.");
        }

        if (AppType.Find(ApplicationType) is null)
        {
            Errors.Add("Application type: choose Web Application, Single-Page Application, Native Application or API Services.");
        }

        return Errors.Count > 0 ? Page() : Redirect("/admin/apps/new/" + ApplicationType);
    }
}
