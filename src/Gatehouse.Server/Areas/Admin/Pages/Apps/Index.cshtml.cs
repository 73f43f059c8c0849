using Gatehouse.Server.Apps;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

internal sealed class IndexModel(OidcAppStore store) : AdminPageModel
{
    public List<OidcApp> Apps { get; private set; } = [];

    public async Task OnGetAsync() =>
        Apps = [.. (await store.ListAsync(HttpContext.RequestAborted)).OrderBy(app => app.Label, StringComparer.OrdinalIgnoreCase)];
}
