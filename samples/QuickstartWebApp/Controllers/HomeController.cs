using System.Diagnostics;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

using QuickstartWebApp.Models;

namespace QuickstartWebApp.Controllers;

public class HomeController : Controller
{
    public IActionResult Index() => View();

    /// <summary>The guide's "Allow anonymous access": public even when authentication is required everywhere.</summary>
    [AllowAnonymous]
    public IActionResult Privacy() => View();

    /// <summary>The guide's "Get info about the user": the claims of the signed-in user.</summary>
    [Authorize]
    public async Task<IActionResult> Profile()
    {
        ViewData["AccessTokenExpiresAt"] = await HttpContext.GetTokenAsync("expires_at");
        return View(HttpContext.User.Claims);
    }

    [AllowAnonymous]
    [ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
    public IActionResult Error() => View(new ErrorViewModel { RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier });
}
