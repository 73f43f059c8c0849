using System.Text;

namespace Gatehouse.Server.Cli.Config;

/// <summary>
/// <c>.okta.env</c>, as Okta's CLI writes it for the "web" template: <c>export KEY="value"</c> lines, keys from
/// <c>okta.oauth2.*</c> upper-cased (okta-reference.md §4). Owner-only: it holds the client secret.
/// </summary>
internal static class EnvFile
{
    public const string DefaultName = ".okta.env";

    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values)
        {
            var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("$", "\\$", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal);
            text.Append("export ").Append(key).Append("=\"").Append(escaped).Append("\"\n");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        OwnerOnlyFile.Write(path, text.ToString());
    }
}
