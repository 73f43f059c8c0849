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
    /// <summary>
    /// Refuses to start a node that cannot decrypt any of the Data Protection keys already in the database: it was given
    /// another key-encryption certificate than the nodes that wrote them. Left to run, it would make keys of its own
    /// that no other node can read, and fail every cookie and secret the others issued.
    /// </summary>
    public static void EnsureCanReadKeyRing(Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager keyManager, string? configuredPath)
    {
        ArgumentNullException.ThrowIfNull(keyManager);
        var keys = keyManager.GetAllKeys();
        foreach (var key in keys)
        {
            try
            {
                _ = key.Descriptor; // decrypts the key's XML with the certificate
                return;
            }
            catch (Exception exception) when (exception is CryptographicException or InvalidOperationException)
            {
                // Encrypted for another certificate; try the next key.
            }
        }

        if (keys.Count > 0)
        {
            throw new InvalidOperationException(
                $"This node cannot decrypt the Data Protection keys in the database with its key-encryption certificate ({configuredPath ?? "<data-dir>/keys/key-encryption.pfx"}). "
                + "Every node sharing a database needs the same certificate: copy it from a running node and set Gatehouse:KeyEncryptionCertificatePath (docs/deployment.md, \"Running several nodes\").");
        }
    }

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
