using Gatehouse.Core.Users;
using Gatehouse.Server.Branding;
using Gatehouse.Server.SystemLog;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Customizations;

/// <summary>
/// Customizations › Brand: the hosted sign-in page's name, logo, primary colour and custom CSS, with a preview.
/// Read-only admins see the brand (the CSS too) but cannot change it; every change is a super admin's.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = 4 * BrandRules.MaxLogoBytes)]
[RequestSizeLimit(4 * BrandRules.MaxLogoBytes + 4 * BrandRules.MaxCustomCssLength)]
internal sealed class IndexModel(BrandService brands, UserManager<GatehouseUser> users) : AdminPageModel
{
    public PageBrand Brand { get; private set; } = PageBrand.Default;

    public bool CanEdit { get; private set; }

    public bool Saved { get; private set; }

    [BindProperty]
    public BrandInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        await LoadAsync();
        Saved = saved;
        Input = new BrandInput
        {
            DisplayName = Brand.HasCustomName ? Brand.DisplayName : null,
            PrimaryColor = Brand.PrimaryColor,
            CustomCss = Brand.CustomCss,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        byte[]? logo = null;
        if (Input.Logo is { } file)
        {
            if (file.Length > BrandRules.MaxLogoBytes)
            {
                Errors.Add($"logo: The logo must be at most {BrandRules.MaxLogoBytes / 1024} KB.");
            }
            else
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, HttpContext.RequestAborted);
                logo = buffer.ToArray();
            }
        }

        if (Errors.Count == 0)
        {
            var change = new BrandChange(Input.DisplayName ?? "", Input.PrimaryColor ?? "", Input.CustomCss ?? "", logo, Input.RemoveLogo);
            var causes = await brands.UpdateAsync(change, await ActorAsync(), HttpContext.RequestAborted);
            if (causes.Count == 0)
            {
                return Redirect("/admin/customizations?saved=true");
            }

            AddCauses(causes);
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Brand = await brands.GetAsync(HttpContext.RequestAborted);
        CanEdit = await IsSuperAdminAsync();
    }

    private async Task<LogEntity> ActorAsync()
    {
        var id = User.FindFirst("sub")?.Value;
        return id is not null && await users.FindByIdAsync(id) is { } user
            ? SystemLogRecorder.UserEntity(user)
            : new LogEntity(id ?? "unknown", "User", AdminName, AdminName);
    }
}

internal sealed class BrandInput
{
    public string? DisplayName { get; set; }

    public string? PrimaryColor { get; set; }

    public string? CustomCss { get; set; }

    public IFormFile? Logo { get; set; }

    public bool RemoveLogo { get; set; }
}
