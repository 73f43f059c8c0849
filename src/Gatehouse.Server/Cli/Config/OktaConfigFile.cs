using System.Globalization;
using System.Text;

namespace Gatehouse.Server.Cli.Config;

/// <summary>What <c>login</c> and <c>register</c> save: the org, the API token and (Gatehouse only) a CA file to trust.</summary>
internal sealed record OktaConfig(string OrgUrl, string Token, string? CaFile);

/// <summary>
/// <c>~/.okta/okta.yaml</c> as Okta's CLI and SDKs read it (okta-reference.md §4): <c>okta.client.orgUrl</c>,
/// <c>okta.client.token</c>. The CA file goes in a separate top-level <c>gatehouse</c> section, which Okta's SDKs
/// ignore. Only this small shape is read, so no YAML library is needed.
/// </summary>
internal static class OktaConfigFile
{
    public static string DirectoryFor(string home) => Path.Combine(home, ".okta");

    public static string PathFor(string home) => Path.Combine(DirectoryFor(home), "okta.yaml");

    public static OktaConfig? Read(string home)
    {
        var path = PathFor(home);
        if (!File.Exists(path))
        {
            return null;
        }

        string? top = null, section = null, orgUrl = null, token = null, caFile = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var trimmed = raw.Trim();
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || colon < 0)
            {
                continue;
            }

            var key = trimmed[..colon].Trim();
            var value = Unquote(trimmed[(colon + 1)..].Trim());
            var indent = raw.Length - raw.TrimStart().Length;
            if (indent == 0)
            {
                (top, section) = (key, null);
            }
            else if (value.Length == 0)
            {
                section = key;
            }
            else if (top == "okta" && section == "client" && key == "orgUrl")
            {
                orgUrl = value;
            }
            else if (top == "okta" && section == "client" && key == "token")
            {
                token = value;
            }
            else if (top == "gatehouse" && key == "caFile")
            {
                caFile = value;
            }
        }

        return orgUrl is null || token is null ? null : new OktaConfig(orgUrl, token, caFile);
    }

    /// <summary>Writes the file owner-only; an existing one is first moved aside as <c>okta.yaml.yyyyMMddTHHmm</c>, as Okta's CLI does.</summary>
    /// <returns>The backup's path, if there was a file.</returns>
    public static string? Write(string home, OktaConfig config, DateTimeOffset now)
    {
        OwnerOnlyFile.EnsureDirectory(DirectoryFor(home));
        var path = PathFor(home);
        string? backup = null;
        if (File.Exists(path))
        {
            backup = path + "." + now.ToLocalTime().ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
            for (var suffix = 2; File.Exists(backup); suffix++)
            {
                backup = path + "." + now.ToLocalTime().ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture) + "-" + suffix.ToString(CultureInfo.InvariantCulture);
            }

            File.Move(path, backup);
        }

        var yaml = new StringBuilder()
            .Append("okta:\n  client:\n")
            .Append("    orgUrl: ").Append(Quote(config.OrgUrl)).Append('\n')
            .Append("    token: ").Append(Quote(config.Token)).Append('\n');
        if (config.CaFile is not null)
        {
            yaml.Append("gatehouse:\n  caFile: ").Append(Quote(config.CaFile)).Append('\n');
        }

        OwnerOnlyFile.Write(path, yaml.ToString());
        return backup;
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        return value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1].Replace("''", "'", StringComparison.Ordinal) : value;
    }
}
