using Gatehouse.Core.Orgs;
using Gatehouse.Server.SystemLog;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Branding;

/// <summary>The brand as pages show it: everything by URL on Gatehouse's own origin, nothing inlined but the name.</summary>
internal sealed record PageBrand(string DisplayName, string? PrimaryColor, string? LogoUrl, string? CustomCss, string? StylesheetUrl)
{
    public static PageBrand Default { get; } = new(BrandRules.DefaultDisplayName, null, null, null, null);

    public bool HasCustomName => DisplayName != BrandRules.DefaultDisplayName;

    /// <summary>The stylesheet that sets <c>--brand-primary</c>; the colour is validated, and is the URL.</summary>
    public string? ThemeUrl => PrimaryColor is null ? null : ThemeUrlOf(PrimaryColor);

    public static string ThemeUrlOf(string color) => $"/brand/theme/{color.TrimStart('#')}.css";

    public static string LogoUrlOf(string hash) => $"/brand/logo/{hash}";

    public static string StylesheetUrlOf(string hash) => $"/brand/css/{hash}.css";
}

/// <summary>A change from the console: null leaves a field as it is; an empty string clears it.</summary>
internal sealed record BrandChange(string? DisplayName, string? PrimaryColor, string? CustomCss, byte[]? Logo, bool RemoveLogo);

/// <summary>
/// Reads and changes the org's brand (Customizations). Changes are recorded in the System Log as
/// <c>org.brand.update</c> (Okta has no exact event for a sign-in page brand change).
/// </summary>
internal sealed partial class BrandService(GatehouseDbContext database, SystemLogRecorder systemLog, ILogger<BrandService> logger)
{
    public const string UpdateEventType = "org.brand.update";

    /// <summary>For the hosted pages' layout: never throws (error pages use the layout too); the default on failure.</summary>
    public async Task<PageBrand> GetForPageAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBrandUnavailable(logger, exception);
            return PageBrand.Default;
        }
    }

    public async Task<PageBrand> GetAsync(CancellationToken cancellationToken)
    {
        // No blobs: the logo is served by its own URL.
        var row = await database.OrgBrands.AsNoTracking()
            .Select(brand => new { brand.DisplayName, brand.PrimaryColor, brand.LogoHash, brand.CustomCss, brand.CustomCssHash })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? PageBrand.Default
            : new PageBrand(
                row.DisplayName ?? BrandRules.DefaultDisplayName,
                row.PrimaryColor,
                row.LogoHash is null ? null : PageBrand.LogoUrlOf(row.LogoHash),
                row.CustomCss,
                row.CustomCssHash is null ? null : PageBrand.StylesheetUrlOf(row.CustomCssHash));
    }

    public async Task<(byte[] Content, string ContentType)?> GetLogoAsync(string hash, CancellationToken cancellationToken)
    {
        var logo = await database.OrgBrands.AsNoTracking().Where(brand => brand.LogoHash == hash)
            .Select(brand => new { brand.Logo, brand.LogoContentType }).FirstOrDefaultAsync(cancellationToken);
        return logo is { Logo: { } content, LogoContentType: { } type } ? (content, type) : null;
    }

    public Task<string?> GetCustomCssAsync(string hash, CancellationToken cancellationToken) =>
        database.OrgBrands.AsNoTracking().Where(brand => brand.CustomCssHash == hash)
            .Select(brand => brand.CustomCss).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> as <paramref name="actor"/>; the causes (<c>field: message</c>) when refused.
    /// Custom CSS may only be changed by super admins: callers must have checked that already (every change needs one).
    /// </summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(BrandChange change, LogEntity actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var causes = new List<string>();
        var name = change.DisplayName is null ? null : BrandRules.NormalizeDisplayName(change.DisplayName, causes);
        var color = change.PrimaryColor is null ? null : BrandRules.NormalizeColor(change.PrimaryColor, causes);
        var css = change.CustomCss is null ? null : BrandRules.NormalizeCss(change.CustomCss, causes);
        var logoType = change.Logo is null ? null : BrandRules.CheckLogo(change.Logo, causes);
        if (causes.Count > 0)
        {
            return causes;
        }

        var org = await database.Orgs.SingleAsync(cancellationToken);
        var brand = await database.OrgBrands.SingleOrDefaultAsync(candidate => candidate.OrgId == org.Id, cancellationToken);
        if (brand is null)
        {
            brand = new OrgBrand { OrgId = org.Id };
            database.OrgBrands.Add(brand);
        }

        var changed = new List<string>();
        if (change.DisplayName is not null && brand.DisplayName != name)
        {
            brand.DisplayName = name;
            changed.Add("displayName");
        }

        if (change.PrimaryColor is not null && brand.PrimaryColor != color)
        {
            brand.PrimaryColor = color;
            changed.Add("primaryColor");
        }

        if (change.CustomCss is not null && brand.CustomCss != css)
        {
            brand.CustomCss = css;
            brand.CustomCssHash = css is null ? null : BrandRules.Hash(System.Text.Encoding.UTF8.GetBytes(css));
            changed.Add("customCss");
        }

        if (change.Logo is not null)
        {
            var hash = BrandRules.Hash(change.Logo);
            if (brand.LogoHash != hash)
            {
                (brand.Logo, brand.LogoContentType, brand.LogoHash) = (change.Logo, logoType, hash);
                changed.Add("logo");
            }
        }
        else if (change.RemoveLogo && brand.LogoHash is not null)
        {
            (brand.Logo, brand.LogoContentType, brand.LogoHash) = (null, null, null);
            changed.Add("logo");
        }

        if (changed.Count == 0)
        {
            return [];
        }

        await database.SaveChangesAsync(cancellationToken);
        await systemLog.RecordAsync(new LogEventDraft(UpdateEventType, "Update sign-in page brand", actor, LogOutcome.Success)
        {
            Targets = [new LogEntity(org.Id, "Org", org.Name, name ?? brand.DisplayName ?? org.Name)],
            DebugData = new Dictionary<string, string?> { ["changedAttributes"] = string.Join(',', changed) },
        });
        return [];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the org's brand; the hosted pages show the default")]
    private static partial void LogBrandUnavailable(ILogger logger, Exception exception);
}
