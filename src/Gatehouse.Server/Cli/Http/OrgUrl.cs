namespace Gatehouse.Server.Cli.Http;

/// <summary>Checks an org URL as Okta's CLI does: https only ("Your Okta URL must start with https"), unless allowed.</summary>
internal static class OrgUrl
{
    public static string Normalize(string value, bool allowHttp)
    {
        var trimmed = value.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Host.Length == 0 || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new CliException(ExitCodes.Usage, $"Not an org URL: {value}. Give the server's origin, for example https://localhost:8443");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp)
        {
            throw new CliException(ExitCodes.Usage,
                $"Your org URL must start with https: {value}. (--allow-http permits http:// for tests; the API token would travel in clear.)");
        }

        return trimmed;
    }
}
