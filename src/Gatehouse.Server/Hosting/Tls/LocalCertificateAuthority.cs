using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Server.Hosting.Tls;

/// <summary>HTTPS material for Kestrel.</summary>
/// <param name="ServerCertificate">Leaf certificate with its private key, ready for Kestrel.</param>
/// <param name="CaCertificatePath">Path of <c>ca.pem</c>, the root that clients must trust.</param>
/// <param name="Created">True only when a new CA was created, i.e. clients must (re)import <c>ca.pem</c>.</param>
public sealed record TlsMaterial(X509Certificate2 ServerCertificate, string CaCertificatePath, bool Created);

/// <summary>
/// A private, file-based certificate authority, so a self-hosted Gatehouse can serve HTTPS without a public CA:
/// operators trust <c>ca.pem</c> once, and the server certificate it signs is reissued automatically.
/// </summary>
public static class LocalCertificateAuthority
{
    private const string CaCertFile = "ca.pem", CaKeyFile = "ca-key.pem", ServerCertFile = "server.pem", ServerKeyFile = "server-key.pem";

    // 397 days is the longest TLS server certificate lifetime browsers accept (CA/Browser Forum baseline, Apple, Chrome).
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(397);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    // Backdate NotBefore so clients whose clocks run slightly behind accept a freshly issued certificate.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Creates the CA and server certificate in <paramref name="tlsDirectory"/> on first use; afterwards reuses them,
    /// reissuing only the server certificate when it is missing, expires within 30 days or lacks a requested host name.
    /// The CA is never replaced, because clients have been told to trust it.
    /// </summary>
    public static TlsMaterial EnsureCreated(string tlsDirectory, IEnumerable<string> hostNames, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tlsDirectory);
        ArgumentNullException.ThrowIfNull(hostNames);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var now = timeProvider.GetUtcNow();
        var (dnsNames, ipAddresses) = ParseHostNames(hostNames);
        string caPath = Path.Combine(tlsDirectory, CaCertFile), caKeyPath = Path.Combine(tlsDirectory, CaKeyFile);
        string serverPath = Path.Combine(tlsDirectory, ServerCertFile), serverKeyPath = Path.Combine(tlsDirectory, ServerKeyFile);

        if (!Directory.Exists(tlsDirectory))
        {
            Directory.CreateDirectory(tlsDirectory);
            SetMode(tlsDirectory, OwnerOnly | UnixFileMode.UserExecute); // holds private keys: owner only
        }

        var created = !File.Exists(caPath);
        if (!created && !File.Exists(caKeyPath))
        {
            throw new InvalidOperationException($"'{caPath}' exists but '{caKeyPath}' is missing; refusing to replace a CA that clients may already trust.");
        }

        using var ca = created ? CreateCa(caPath, caKeyPath, now) : X509Certificate2.CreateFromPemFile(caPath, caKeyPath);
        using var server = (created ? null : TryLoadServer(serverPath, serverKeyPath, ca, dnsNames, ipAddresses, now))
            ?? CreateServer(ca, dnsNames, ipAddresses, serverPath, serverKeyPath, now);

        // Round-trip through PKCS#12 so the key is a normal persisted-style key owned by the returned certificate
        // (Kestrel/SslStream cannot use ephemeral keys on every platform, and the RSA objects above are disposed).
        return new TlsMaterial(X509CertificateLoader.LoadPkcs12(server.Export(X509ContentType.Pkcs12), null), caPath, created);
    }

    private static X509Certificate2 CreateCa(string certPath, string keyPath, DateTimeOffset now)
    {
        using var key = RSA.Create(3072);
        var name = new X500DistinguishedNameBuilder();
        // A random suffix distinguishes CAs of different installations in a client's trust store.
        name.AddCommonName($"Gatehouse Local CA {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // RFC 5280 4.2.1.9: basicConstraints MUST be critical in CA certificates; pathLen 0 = may only sign leaves.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        // RFC 5280 4.2.1.3: keyCertSign is required to sign certificates (cRLSign for CRLs); SHOULD be critical.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // RFC 5280 4.2.1.2: CA certificates MUST carry a subjectKeyIdentifier; leaves reference it via AKI.
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var certificate = request.CreateSelfSigned(now - ClockSkew, now.AddYears(10));
        // Key first: ca.pem existing is what marks the CA as created, so it must never exist without its key.
        WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem(), OwnerOnly);
        WriteFile(certPath, certificate.ExportCertificatePem(), WorldReadable);
        return certificate;
    }

    private static X509Certificate2 CreateServer(X509Certificate2 ca, List<string> dnsNames, List<IPAddress> ipAddresses,
        string certPath, string keyPath, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(dnsNames[0]); // informational only: clients match host names against the SAN (RFC 6125)
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // RFC 5280 4.2.1.6: host names and IP addresses go in subjectAltName (dNSName / iPAddress entries).
        var san = new SubjectAlternativeNameBuilder();
        dnsNames.ForEach(san.AddDnsName);
        ipAddresses.ForEach(san.AddIpAddress);
        request.CertificateExtensions.Add(san.Build());
        // RFC 5280 4.2.1.9: explicitly an end-entity certificate.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // RFC 5280 4.2.1.3 / RFC 5246: digitalSignature for (EC)DHE key exchange, keyEncipherment for RSA key transport.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // RFC 5280 4.2.1.12: id-kp-serverAuth (1.3.6.1.5.5.7.3.1) - usable only as a TLS server certificate.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // RFC 5280 4.2.1.1: authorityKeyIdentifier = the CA's subjectKeyIdentifier, to select the issuer key.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        // RFC 5280 4.1.2.2: serial must be positive, unique per CA and at most 20 octets; 16 random bytes, top bit clear.
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        // A certificate cannot outlive its issuer (CertificateRequest.Create enforces this).
        DateTimeOffset notBefore = now - ClockSkew, notAfter = now + ServerLifetime, caNotBefore = ca.NotBefore, caNotAfter = ca.NotAfter;
        using var certificate = request.Create(ca, notBefore < caNotBefore ? caNotBefore : notBefore,
            notAfter > caNotAfter ? caNotAfter : notAfter, serial);

        WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem(), OwnerOnly);
        // Leaf followed by the CA: the usual "chain" PEM layout accepted by nginx, HAProxy, curl and openssl.
        WriteFile(certPath, certificate.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n", WorldReadable);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>Returns the existing server certificate, or null if it must be reissued.</summary>
    private static X509Certificate2? TryLoadServer(string certPath, string keyPath, X509Certificate2 ca,
        List<string> dnsNames, List<IPAddress> ipAddresses, DateTimeOffset now)
    {
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath); // reads the first (leaf) certificate
        }
        catch (CryptographicException)
        {
            return null; // unreadable, or key does not match: just reissue
        }

        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var usable = certificate.NotAfter.ToUniversalTime() > (now + RenewBefore).UtcDateTime
            && san is not null
            && dnsNames.All(n => san.EnumerateDnsNames().Contains(n, StringComparer.OrdinalIgnoreCase))
            && ipAddresses.All(ip => san.EnumerateIPAddresses().Contains(ip))
            && ChainsTo(certificate, ca, now);
        if (!usable)
        {
            certificate.Dispose();
        }

        return usable ? certificate : null;
    }

    /// <summary>Full chain validation against our CA only: catches a server.pem signed by some other (e.g. replaced) CA.</summary>
    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a local CA publishes no CRL/OCSP
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(certificate);
    }

    /// <summary>Splits names into DNS names and IP addresses (first requested name first); always adds the loopback names.</summary>
    private static (List<string> DnsNames, List<IPAddress> IpAddresses) ParseHostNames(IEnumerable<string> hostNames)
    {
        var names = hostNames.Append("localhost").Append("127.0.0.1").Append("::1")
            .Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).ToList();
        var dnsNames = names.Where(n => !IPAddress.TryParse(n, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // Drop any IPv6 scope id (fe80::1%eth0): a SAN iPAddress holds only the address bytes.
        var ipAddresses = names.Select(n => IPAddress.TryParse(n, out var ip) ? new IPAddress(ip.GetAddressBytes()) : null)
            .OfType<IPAddress>().Distinct().ToList();
        return (dnsNames, ipAddresses);
    }

    /// <summary>
    /// Writes via a temporary file created with the final mode (a key is never briefly world-readable), then renames
    /// it over the target so a crash never leaves a half-written PEM.
    /// </summary>
    private static void WriteFile(string path, string contents, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            writer.Write(contents);
        }

        SetMode(temporary, mode); // UnixCreateMode is subject to umask; make the mode exact
        File.Move(temporary, path, overwrite: true);
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
