using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gatehouse.Server.Branding;

/// <summary>
/// What a brand may hold. The colour goes into a stylesheet, so only <c>#rrggbb</c> passes (no named colours, no
/// functions, nothing that could close a declaration). A logo is a PNG or a JPEG by its first bytes, whatever the
/// upload claims; SVG is refused (it can carry script and external references).
/// </summary>
internal static partial class BrandRules
{
    public const int MaxDisplayNameLength = 100;

    public const int MaxLogoBytes = 100 * 1024;

    public const int MaxCustomCssLength = 20_000;

    public const string DefaultDisplayName = "Gatehouse";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];

    /// <summary>Exactly <c>#</c> and six hex digits, to the end of the string (<c>\z</c>: <c>$</c> would allow a final newline).</summary>
    [GeneratedRegex(@"\A#[0-9a-fA-F]{6}\z", RegexOptions.CultureInvariant)]
    public static partial Regex HexColor();

    public static bool IsHexColor(string? value) => value is not null && HexColor().IsMatch(value);

    /// <summary>The image type of <paramref name="content"/> by its signature, or null when it is neither PNG nor JPEG.</summary>
    public static string? SniffImageType(ReadOnlySpan<byte> content) =>
        content.StartsWith(PngSignature) ? "image/png"
        : content.StartsWith(JpegSignature) ? "image/jpeg"
        : null;

    /// <summary>A short content hash for a cacheable URL (128 bits of SHA-256, hex).</summary>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content))[..32];

    public static string? NormalizeDisplayName(string? value, List<string> causes)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name.Length > MaxDisplayNameLength)
        {
            causes.Add($"displayName: Display name must be at most {MaxDisplayNameLength} characters.");
        }
        else if (name.Any(char.IsControl))
        {
            causes.Add("displayName: Display name cannot contain control characters.");
        }

        return name;
    }

    public static string? NormalizeColor(string? value, List<string> causes)
    {
        var color = value?.Trim();
        if (string.IsNullOrEmpty(color))
        {
            return null;
        }

        if (!IsHexColor(color))
        {
            causes.Add("primaryColor: Primary color must be a hex color such as #1d4ed8.");
            return null;
        }

        return color.ToLowerInvariant();
    }

    public static string? NormalizeCss(string? value, List<string> causes)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length > MaxCustomCssLength)
        {
            causes.Add($"customCss: Custom CSS must be at most {MaxCustomCssLength} characters.");
        }

        return value.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The logo's content type; a cause when it is too large or not a PNG or JPEG.</summary>
    public static string? CheckLogo(ReadOnlySpan<byte> content, List<string> causes)
    {
        if (content.Length == 0)
        {
            causes.Add("logo: The logo file is empty.");
            return null;
        }

        if (content.Length > MaxLogoBytes)
        {
            causes.Add($"logo: The logo must be at most {MaxLogoBytes / 1024} KB.");
            return null;
        }

        var type = SniffImageType(content);
        if (type is null)
        {
            causes.Add("logo: The logo must be a PNG or JPEG image.");
        }

        return type;
    }
}
