namespace Gatehouse.Server.Hosting;

/// <summary>The resolved data directory: database, TLS material, key-encryption certificate.</summary>
public sealed record DataDirectory(string Path)
{
    public string TlsDirectory => System.IO.Path.Combine(Path, "tls");

    public string CaCertificatePath => System.IO.Path.Combine(TlsDirectory, "ca.pem");

    /// <summary>Creates the directory owner-only: it holds keys.</summary>
    public static void Ensure(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
