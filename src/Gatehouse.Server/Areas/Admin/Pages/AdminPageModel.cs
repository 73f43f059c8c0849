using Gatehouse.Core.Users;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages;

/// <summary>
/// Base of every console page: the signed-in admin, the org's origin for the header, and the rules every page
/// shares (changes need a super admin; secrets need a recent sign-in).
/// </summary>
public abstract class AdminPageModel : PageModel
{
    /// <summary>The org's domain: the org authorization server's issuer, what the guide calls the Okta domain.</summary>
    public string Origin => HttpContext.RequestServices.GetRequiredService<IssuerRegistry>().Origin;

    public string AdminName => User.FindFirst("name")?.Value ?? User.FindFirst("preferred_username")?.Value ?? "admin";

    /// <summary>Set by a POST handler that refused input; shown above the form.</summary>
    public List<string> Errors { get; } = [];

    protected TimeProvider Clock => HttpContext.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>Read-only admins may look; only super admins may change anything (as in /api/v1).</summary>
    public async Task<bool> IsSuperAdminAsync()
    {
        var database = HttpContext.RequestServices.GetRequiredService<Storage.GatehouseDbContext>();
        var userId = User.FindFirst("sub")?.Value;
        return userId is not null && await database.UserRoles.Where(link => link.UserId == userId)
            .Join(database.Roles, link => link.RoleId, role => role.Id, (link, role) => role.Name)
            .AnyAsync(name => name == AdminRoles.SuperAdmin, HttpContext.RequestAborted);
    }

    /// <summary>The console's 403 page (not the hosted sign-in's).</summary>
    protected IActionResult ForbidAdmin() => Forbid(AdminConsoleExtensions.CookieScheme);

    protected bool HasRecentAuthentication() => RecentAuthentication.IsRecent(User, Clock);

    /// <summary>Sign in again at the org server (<c>prompt=login</c>), then back to <paramref name="returnUrl"/>.</summary>
    protected IActionResult Reauthenticate(string returnUrl) =>
        Challenge(RecentAuthentication.Challenge(returnUrl), AdminConsoleExtensions.OidcScheme);

    /// <summary>Okta causes (<c>field: message</c>) as sentences for the page.</summary>
    protected void AddCauses(IEnumerable<string> causes) =>
        Errors.AddRange(causes.Select(cause => cause.Split(':', 2) is [var field, var message] ? $"{field.Trim()}: {message.Trim()}" : cause));
}
