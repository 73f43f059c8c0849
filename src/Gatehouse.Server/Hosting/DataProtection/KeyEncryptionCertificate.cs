using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Server.Hosting.DataProtection;

/// <summary>
/// The certificate whose key encrypts the Data Protection key ring in the database (and through it every signing,
/// encryption and hashing key). Kept outside the database on purpose: a stolen database alone reveals no key.
/// Nodes that share a database must share this file (<c>Gatehouse:KeyEncryptionCertificatePath</c>).
/// </summary>
internal static class KeyEncryptionCertificate
{
    public static X509Certificate2 LoadOrCreate(string path, TimeProvider timeProvider)
    {
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Gatehouse key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        var now = timeProvider.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(100));
        var pfx = certificate.Export(X509ContentType.Pfx);

        // Write owner-only from the first byte: the file holds the root of all key material.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(pfx);
        }

        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
