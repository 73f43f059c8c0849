namespace Gatehouse.Server.ManagementApi.TrustedOrigins;

/// <summary>
/// A trusted origin as the admin writes it, <c>scheme://host[:port]</c>, turned into the ASCII serialization of the
/// origin (RFC 6454 §6.2): what browsers send in the <c>Origin</c> header (Fetch §3.2), so that the CORS check is a
/// plain string comparison. Lowercase scheme and host, IDNs in punycode, no default port, no path.
/// </summary>
internal static class WebOrigin
{
    public const int MaxLength = 1024;

    /// <summary>The serialized origin, or null with the reason it is not one.</summary>
    public static string? TryNormalize(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "The field cannot be left blank";
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > MaxLength)
        {
            problem = $"The field cannot exceed {MaxLength} characters";
            return null;
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        var authority = schemeEnd < 0 ? string.Empty : trimmed[(schemeEnd + 3)..];
        // An origin has no path, query, fragment or user info (RFC 6454 §4): a browser never sends them in Origin.
        if (authority.Length == 0 || authority.IndexOfAny(['/', '?', '#', '@', '\\', '*', ' ']) >= 0
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            problem = "The origin must be an http or https URL with a host and an optional port, and no path";
            return null;
        }

        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}{port}";
    }
}
