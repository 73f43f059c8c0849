using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Server.Cli.Http;

/// <summary>
/// HTTPS trust for the CLI (issue 7 item 4): the system's trust store as always, plus, with <c>--ca-file</c> or
/// <c>GATEHOUSE_CA_FILE</c>, a CA of a self-hosted server. A certificate passes if the system trusts it, or if its
/// chain builds to the given CA; a name mismatch or a missing certificate fails either way. Validation is never off.
/// </summary>
internal static class ServerTrust
{
    public static SocketsHttpHandler CreateHandler(string? caFile)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        if (caFile is null)
        {
            return handler;
        }

        var authorities = LoadAuthorities(caFile);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(authorities, certificate, chain, errors),
        };
        return handler;
    }

    private static X509Certificate2Collection LoadAuthorities(string caFile)
    {
        if (!File.Exists(caFile))
        {
            throw new CliException(ExitCodes.Usage, $"CA file not found: {caFile}");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (System.Security.Cryptography.CryptographicException failure)
        {
            throw new CliException(ExitCodes.Usage, $"CA file {caFile} is not a PEM certificate: {failure.Message}");
        }

        return authorities.Count > 0 ? authorities : throw new CliException(ExitCodes.Usage, $"CA file {caFile} holds no PEM certificate.");
    }

    private static bool Validate(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain may be rescued by the extra CA; a wrong host name never is.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A local CA publishes no revocation list.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf);
    }
}
