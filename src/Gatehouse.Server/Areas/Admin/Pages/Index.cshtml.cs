namespace Gatehouse.Server.Areas.Admin.Pages;

public sealed class IndexModel : AdminPageModel
{
    public bool SuperAdmin { get; private set; }

    public async Task OnGetAsync() => SuperAdmin = await IsSuperAdminAsync();
}
