using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace QuickstartWebApp.Controllers;

public class AccountController : Controller
{
    [AllowAnonymous]
    public IActionResult SignIn()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge(new AuthenticationProperties { RedirectUri = Url.Action("Index", "Home") }, OpenIdConnectDefaults.AuthenticationScheme);
        }

        return RedirectToAction("Index", "Home");
    }

    /// <summary>Ends the app's session and the identity provider's, then comes back through /signout/callback.</summary>
    [HttpPost]
    public new IActionResult SignOut() => new SignOutResult(
        [OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme],
        new AuthenticationProperties { RedirectUri = "/Home/" });

    [AllowAnonymous]
    public IActionResult SignInFailed(string? message)
    {
        ViewData["Message"] = message;
        return View();
    }
}
