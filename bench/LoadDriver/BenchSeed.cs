using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Bench.LoadDriver;

/// <summary>
/// The org both providers are seeded with: the same users, password hash, clients and scope. The hash is
/// ASP.NET Core Identity's v3 format (PBKDF2-HMAC-SHA512, 100,000 iterations, 16-byte salt, 32-byte subkey:
/// Identity's default in .NET 10), computed once and shared by every user — the peer verifies the same format,
/// so both spend the same work per sign-in, and seeding a million users costs no hashing.
/// </summary>
public static class BenchSeed
{
    public const int Iterations = 100_000;
    public const string ApiToken = "00Tbench-api-token-0123456789abcdefghijk";

    public static string IdentityV3Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 32);
        var hash = new byte[13 + salt.Length + subkey.Length];
        hash[0] = 0x01; // format marker: v3
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(1), 2); // KeyDerivationPrf.HMACSHA512
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(5), (uint)iterations);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(hash, 13);
        subkey.CopyTo(hash, 13 + salt.Length);
        return Convert.ToBase64String(hash);
    }

    /// <summary>Median milliseconds of one PBKDF2-HMAC-SHA512 hash on one core: the bound is cores ÷ this.</summary>
    public static double MedianHashMilliseconds(int samples = 15, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var times = Enumerable.Range(0, samples + 1).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            Rfc2898DeriveBytes.Pbkdf2("Bench-Passw0rd-2026"u8, salt, iterations, HashAlgorithmName.SHA512, 32);
            return clock.Elapsed.TotalMilliseconds;
        }).Skip(1).Order().ToArray();
        return times[times.Length / 2];
    }

    /// <summary>Gatehouse's seed file (docs/configuration.md#seed-file).</summary>
    public static JsonObject GatehouseSeed(DriverOptions options, string passwordHash)
    {
        var users = new JsonArray();
        for (var index = 0; index < options.UserCount; index++)
        {
            var user = new JsonObject
            {
                ["login"] = options.User(index),
                ["firstName"] = "User",
                ["lastName"] = LastName(index),
                ["passwordHash"] = passwordHash,
            };
            if (index == 0)
            {
                user["adminRoles"] = new JsonArray("SUPER_ADMIN");
            }

            users.Add(user);
        }

        return new JsonObject
        {
            ["org"] = new JsonObject { ["name"] = "Bench Org" },
            ["users"] = users,
            ["authorizationServers"] = new JsonArray(new JsonObject
            {
                ["id"] = "default",
                ["scopes"] = new JsonArray(new JsonObject { ["name"] = options.ServiceScope, ["description"] = "Bench scope" }),
            }),
            ["apps"] = new JsonArray(
                new JsonObject
                {
                    ["label"] = "Bench Web",
                    // No refreshTokenRotation: Okta's default for web apps, a persistent (STATIC) refresh token.
                    ["type"] = "web",
                    ["clientId"] = options.ClientId,
                    ["clientSecret"] = options.ClientSecret,
                    ["redirectUris"] = new JsonArray(options.RedirectUri),
                },
                new JsonObject
                {
                    ["label"] = "Bench Service",
                    ["type"] = "service",
                    ["clientId"] = options.ServiceClientId,
                    ["clientSecret"] = options.ServiceClientSecret,
                    ["scopes"] = new JsonArray(options.ServiceScope),
                }),
            ["apiTokens"] = new JsonArray(new JsonObject { ["name"] = "bench", ["user"] = options.User(0), ["token"] = ApiToken }),
        };
    }

    /// <summary>The peer's configuration: the same users (login → hash), clients and scope.</summary>
    public static JsonObject PeerSeed(DriverOptions options, string passwordHash)
    {
        var users = new JsonObject();
        for (var index = 0; index < options.UserCount; index++)
        {
            users[options.User(index)] = new JsonObject { ["passwordHash"] = passwordHash, ["firstName"] = "User", ["lastName"] = LastName(index) };
        }

        return new JsonObject
        {
            ["users"] = users,
            ["client"] = new JsonObject { ["clientId"] = options.ClientId, ["clientSecret"] = options.ClientSecret, ["redirectUri"] = options.RedirectUri },
            ["service"] = new JsonObject { ["clientId"] = options.ServiceClientId, ["clientSecret"] = options.ServiceClientSecret, ["scope"] = options.ServiceScope },
        };
    }

    public static string LastName(int index) => $"Bench{index:D4}";

    public static void Write(string path, JsonObject document) =>
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
}
