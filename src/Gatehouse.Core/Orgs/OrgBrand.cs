namespace Gatehouse.Core.Orgs;

/// <summary>
/// The hosted sign-in page's brand (Okta's Customizations › Brands): a display name, a logo, a primary colour and a
/// custom stylesheet. One row per org; absent until an admin changes something. The hashes name the logo and the
/// stylesheet in their URLs, so that browsers may cache them for good and still see a change at once.
/// </summary>
public sealed class OrgBrand
{
    public required string OrgId { get; set; }

    /// <summary>Shown above the sign-in form instead of "Gatehouse"; null for the default.</summary>
    public string? DisplayName { get; set; }

    /// <summary><c>#rrggbb</c>, validated strictly; null for the default.</summary>
    public string? PrimaryColor { get; set; }

    /// <summary>A PNG or JPEG, checked by its content.</summary>
    public byte[]? Logo { get; set; }

    /// <summary><c>image/png</c> or <c>image/jpeg</c>, from the logo's content, never from the upload's header.</summary>
    public string? LogoContentType { get; set; }

    public string? LogoHash { get; set; }

    /// <summary>Served as a stylesheet from Gatehouse's own origin, never inlined.</summary>
    public string? CustomCss { get; set; }

    public string? CustomCssHash { get; set; }
}
