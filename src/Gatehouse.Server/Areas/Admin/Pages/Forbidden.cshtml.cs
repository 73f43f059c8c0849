namespace Gatehouse.Server.Areas.Admin.Pages;

/// <summary>The console's 403 page: for non-admins (the Admin Console app is assigned to admins only) and for read-only admins' changes.</summary>
public sealed class ForbiddenModel : AdminPageModel
{
    public string? Reason { get; private set; }

    public void OnGet(string? reason)
    {
        Reason = reason;
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
