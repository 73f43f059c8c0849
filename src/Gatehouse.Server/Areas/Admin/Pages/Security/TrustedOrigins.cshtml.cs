using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Server.ManagementApi.TrustedOrigins;
using Gatehouse.Server.SystemLog;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Security;

/// <summary>
/// Security &gt; API &gt; Trusted Origins: the list, and the add form saved with <see cref="TrustedOriginService"/> (the
/// rules of <c>POST /api/v1/trustedOrigins</c>, CORS cache dropped), recorded as <c>security.trusted_origin.create</c>.
/// </summary>
internal sealed class TrustedOriginsModel(GatehouseDbContext database, TrustedOriginService origins, ConsoleChanges changes) : AdminPageModel
{
    public List<TrustedOrigin> Origins { get; private set; } = [];

    [BindProperty]
    public TrustedOriginInput Input { get; set; } = new();

    public string? Added { get; private set; }

    public bool Deleted { get; private set; }

    public async Task OnGetAsync(string? added, bool deleted = false)
    {
        Added = added;
        Deleted = deleted;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        var scopes = new List<TrustedOriginScopeBody?>();
        if (Input.Cors)
        {
            scopes.Add(new TrustedOriginScopeBody { Type = TrustedOriginResource.CorsScope });
        }

        if (Input.Redirect)
        {
            scopes.Add(new TrustedOriginScopeBody { Type = TrustedOriginResource.RedirectScope });
        }

        var body = new TrustedOriginBody { Name = Input.Name, Origin = Input.Origin, Scopes = scopes };
        var (origin, causes) = await origins.CreateAsync(body, User.FindFirst("sub")?.Value, HttpContext.RequestAborted);
        if (causes.Count > 0)
        {
            AddCauses(causes.Select(cause => cause.StartsWith("scopes:", StringComparison.Ordinal) ? "Type: Choose CORS, Redirect or both" : cause));
            await LoadAsync();
            return Page();
        }

        await changes.RecordAsync(User, "POST", "/trustedOrigins", [new LogEntity(origin.Id, "TrustedOrigin", origin.Origin, origin.Name)]);
        return Redirect("/admin/security/trusted-origins?added=" + Uri.EscapeDataString(origin.Origin));
    }

    private async Task LoadAsync() =>
        Origins = await database.TrustedOrigins.AsNoTracking().OrderBy(origin => origin.Name).ToListAsync(HttpContext.RequestAborted);
}

internal sealed class TrustedOriginInput
{
    public string? Name { get; set; }

    public string? Origin { get; set; }

    public bool Cors { get; set; }

    public bool Redirect { get; set; }
}
