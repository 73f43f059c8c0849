using System.Security.Cryptography;
using System.Text;

using Gatehouse.Server.Protocol.Keys;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Keyed hashes (HMAC-SHA256 under a server key from the key ring) of high-entropy secrets: client secrets and API
/// tokens. A password hash per token request would cap throughput; a keyed hash of a random 40-character secret is
/// as safe against offline guessing and costs microseconds. Compared in constant time.
/// </summary>
internal sealed class SecretHasher(KeyRing keyRing)
{
    private const string Prefix = "hmac-sha256:";

    public string Hash(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToBase64String(HMACSHA256.HashData(keyRing.SecretHashingKey, Encoding.UTF8.GetBytes(secret)));
    }

    public bool Verify(string secret, string storedHash)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(storedHash))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
    }
}
