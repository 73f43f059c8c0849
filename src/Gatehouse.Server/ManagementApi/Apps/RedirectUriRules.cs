namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// Which URIs an app may register. Redirect URIs are compared exactly (RFC 9700 §4.1.3), so they must be absolute,
/// without a fragment (RFC 6749 §3.1.2) and without wildcards (Okta's <c>wildcard_redirect: DISABLED</c>). Web and
/// browser apps use http(s); native apps may also use a private-use scheme, which RFC 8252 §7.1 wants in
/// reverse-domain form (<c>com.example.app:/callback</c>), hence the dot.
/// </summary>
internal static class RedirectUriRules
{
    public const int MaxLength = 1024;
    public const int MaxCount = 100;

    public static IEnumerable<string> Check(string field, IReadOnlyList<string?> uris, bool allowCustomScheme)
    {
        if (uris.Count > MaxCount)
        {
            yield return $"{field}: At most {MaxCount} URIs are allowed";
            yield break;
        }

        foreach (var uri in uris)
        {
            if (!IsValid(uri, allowCustomScheme))
            {
                yield return $"{field}: '{Shorten(uri)}' is not a valid redirect URI" + (allowCustomScheme
                    ? " (an absolute http, https or reverse-domain custom-scheme URI without a fragment or wildcard)"
                    : " (an absolute http or https URI without a fragment or wildcard)");
            }
        }
    }

    /// <summary>An absolute http(s) URI for links such as <c>initiate_login_uri</c>.</summary>
    public static bool IsWebUri(string uri) =>
        IsValid(uri, allowCustomScheme: false);

    private static bool IsValid(string? uri, bool allowCustomScheme)
    {
        if (string.IsNullOrWhiteSpace(uri) || uri.Length > MaxLength || uri.Contains('*', StringComparison.Ordinal)
            || uri.Contains('#', StringComparison.Ordinal) || uri.Any(char.IsWhiteSpace)
            || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return false;
        }

        if (parsed.Scheme is "https" or "http")
        {
            return parsed.Host.Length > 0 && string.IsNullOrEmpty(parsed.UserInfo);
        }

        return allowCustomScheme && parsed.Scheme.Contains('.', StringComparison.Ordinal)
            && parsed.Scheme is not "javascript" and not "data" and not "file";
    }

    private static string Shorten(string? uri) => uri is null ? "null" : uri.Length <= 100 ? uri : uri[..100] + "…";
}
