using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QuickstartWebApp.Authentication;

/// <summary>
/// A backchannel handler that trusts the certificate authorities of one PEM file, and only those. The server
/// certificate is still fully validated (chain, host name, validity); only the set of trusted roots changes.
/// </summary>
public static class TrustedCertificateAuthorities
{
    public static SocketsHttpHandler CreateHandler(string pemPath)
    {
        if (!File.Exists(pemPath))
        {
            throw new FileNotFoundException($"Backchannel:CaCertificatePath points to '{pemPath}', which does not exist.", pemPath);
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // A private CA usually publishes no revocation list.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.ImportFromPemFile(pemPath);
        if (policy.CustomTrustStore.Count == 0)
        {
            throw new InvalidOperationException($"'{pemPath}' contains no PEM certificate.");
        }

        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
        };
    }
}
