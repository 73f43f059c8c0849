using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages;

/// <summary>Ends the console's cookie and, through the org server's end-session endpoint, the Gatehouse session.</summary>
public sealed class SignOutModel : AdminPageModel
{
    public void OnGet()
    {
    }

    public IActionResult OnPost() => SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" },
        AdminConsoleExtensions.CookieScheme, AdminConsoleExtensions.OidcScheme);
}
