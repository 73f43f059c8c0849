namespace Gatehouse.Server.Cli.Config;

/// <summary>
/// Files holding secrets (API tokens, client secrets) are owner-only from the moment they exist: written to a new
/// temporary file created with mode 0600, then renamed over the target. POSIX modes are skipped on Windows, where
/// Okta's CLI crashed setting them (okta/okta-cli#57); the user profile is private there.
/// </summary>
internal static class OwnerOnlyFile
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Write(string path, string contents)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using (var writer = new StreamWriter(temporary, new System.Text.UTF8Encoding(false), options))
        {
            writer.Write(contents);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Creates the directory, or restricts an existing one, to the owner (Okta's CLI: ~/.okta is 700).</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }
}
