using System.Collections.Concurrent;
using System.Security.Cryptography;

using Gatehouse.Core.Identifiers;
using Gatehouse.Core.Keys;
using Gatehouse.Storage;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// Gatehouse's persistent keys, loaded from the database (encrypted with Data Protection) and created on first
/// use: one RS256 signing key per authorization server, one token-encryption key for the opaque reference tokens
/// (codes, refresh tokens) and one key for keyed hashes of client secrets and API tokens. Every node that shares
/// the database loads the same keys, so a restart or another node never invalidates a token.
/// </summary>
internal sealed class KeyRing(
    IServiceScopeFactory scopeFactory, IDataProtectionProvider dataProtection, SigningKeyLifecycle lifecycle, TimeProvider timeProvider)
{
    /// <summary>Also used by export and import (Hosting/OrgTransfer) to move signing keys between servers.</summary>
    internal const string ProtectorPurpose = "Gatehouse.Keys.v1";

    private readonly ConcurrentDictionary<string, IReadOnlyList<SigningKey>> _signingKeys = new(StringComparer.Ordinal);
    private SymmetricSecurityKey? _tokenEncryptionKey;
    private byte[]? _secretHashingKey;
    private readonly ConcurrentDictionary<string, SigningCredentials> _internalTokenCredentials = new(StringComparer.Ordinal);

    public SymmetricSecurityKey TokenEncryptionKey =>
        _tokenEncryptionKey ?? throw new InvalidOperationException("The key ring has not been loaded.");

    public ReadOnlySpan<byte> SecretHashingKey =>
        _secretHashingKey ?? throw new InvalidOperationException("The key ring has not been loaded.");

    private IDataProtector Protector => dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>Loads (creating when missing) the global keys and the signing keys of the given servers.</summary>
    public async Task LoadAsync(IEnumerable<string> authorizationServerIds, CancellationToken cancellationToken)
    {
        _tokenEncryptionKey = new SymmetricSecurityKey(await LoadOrCreateSecretAsync(KeyPurpose.TokenEncryption, cancellationToken))
        {
            KeyId = "enc",
        };
        _secretHashingKey = await LoadOrCreateSecretAsync(KeyPurpose.SecretHashing, cancellationToken);
        foreach (var serverId in authorizationServerIds)
        {
            await LoadSigningKeysAsync(serverId, cancellationToken);
        }
    }

    /// <summary>The loaded keys of one authorization server ("" is the org server), newest activation first.</summary>
    public IReadOnlyList<SigningKey> GetSigningKeys(string authorizationServerId) =>
        _signingKeys.TryGetValue(authorizationServerId, out var keys) ? keys : [];

    /// <summary>The keys the server's JWKS publishes now: the next, the active and recently retired ones.</summary>
    public IEnumerable<SigningKey> GetPublishedKeys(string authorizationServerId)
    {
        var now = timeProvider.GetUtcNow();
        return GetSigningKeys(authorizationServerId).Where(key => lifecycle.IsPublished(key, now));
    }

    /// <summary>
    /// HMAC-SHA256 credentials for the payloads of one server's codes and refresh tokens. Those payloads are read
    /// only by Gatehouse (the client holds an opaque reference; the payload is stored encrypted), so nobody needs to
    /// verify them with a public key: a MAC proves as much as an RS256 signature there, for a fraction of the cost
    /// (an RSA-2048 signature was a third of the RSA work of a refresh, docs/performance.md). The key is derived with
    /// HKDF (RFC 5869) from the token-encryption secret, with the server in the info, so it is the same on every node
    /// and a payload of one server never validates at another.
    /// </summary>
    public SigningCredentials GetInternalTokenCredentials(string authorizationServerId) =>
        _internalTokenCredentials.GetOrAdd(authorizationServerId, static (serverId, encryptionKey) =>
        {
            var info = System.Text.Encoding.UTF8.GetBytes("Gatehouse internal token signing v1|" + serverId);
            var key = new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, encryptionKey.Key, 32, salt: [], info))
            {
                KeyId = "int-" + Base64UrlEncoder.Encode(SHA256.HashData(info))[..16],
            };
            return new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        }, TokenEncryptionKey);

    /// <summary>The keys a token of this server may be signed with: all whose tokens may still be alive.</summary>
    public IEnumerable<SigningKey> GetValidationKeys(string authorizationServerId)
    {
        var now = timeProvider.GetUtcNow();
        return GetSigningKeys(authorizationServerId).Where(key => lifecycle.IsValidating(key.RetiredAt, now));
    }

    /// <summary>The key that signs now: the newest one whose activation time has come and that is not retired.</summary>
    public SigningKey GetActiveSigningKey(string authorizationServerId)
    {
        var now = timeProvider.GetUtcNow();
        return GetSigningKeys(authorizationServerId).FirstOrDefault(key => SigningKeyLifecycle.IsSigning(key, now))
            ?? throw new InvalidOperationException($"No active signing key for authorization server '{authorizationServerId}'.");
    }

    /// <summary>
    /// (Re)loads one server's keys from the database, creating the first key when there is none. Runs at start
    /// and on every rotation check, so keys created or retired by another node sharing the database are picked up.
    /// </summary>
    public async Task LoadSigningKeysAsync(string authorizationServerId, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var records = await database.Keys
            .Where(key => key.Purpose == KeyPurpose.Signing && key.AuthorizationServerId == authorizationServerId)
            .ToListAsync(cancellationToken);
        if (records.Count == 0)
        {
            var record = CreateSigningKeyRecord(authorizationServerId, timeProvider.GetUtcNow());
            database.Keys.Add(record);
            await SaveIgnoringConcurrentCreationAsync(database, cancellationToken);
            records.Add(record);
        }

        // Keys already loaded are kept as they are (only their dates may change): no decryption on every reload.
        var loaded = GetSigningKeys(authorizationServerId).ToDictionary(key => key.KeyId, StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        _signingKeys[authorizationServerId] = records
            .Where(record => lifecycle.IsValidating(record.RetiredAt, now))
            .OrderByDescending(record => record.ActivatesAt)
            .ThenByDescending(record => record.Created)
            .Select(record => loaded.TryGetValue(record.Id, out var key)
                ? key with { ActivatesAt = record.ActivatesAt, RetiredAt = record.RetiredAt }
                : ToSigningKey(record))
            .ToList();
    }

    /// <summary>A new RS256 key for an authorization server, its private key protected with Data Protection.</summary>
    public KeyMaterial CreateSigningKeyRecord(string authorizationServerId, DateTimeOffset activatesAt)
    {
        using var rsa = RSA.Create(2048);
        return new KeyMaterial
        {
            Id = OktaId.RandomString(43),
            Purpose = KeyPurpose.Signing,
            AuthorizationServerId = authorizationServerId,
            Algorithm = SecurityAlgorithms.RsaSha256,
            ProtectedKey = Protector.Protect(rsa.ExportPkcs8PrivateKeyPem()),
            Created = timeProvider.GetUtcNow(),
            ActivatesAt = activatesAt,
        };
    }

    private SigningKey ToSigningKey(KeyMaterial record)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(Protector.Unprotect(record.ProtectedKey));

        // OpenIddict assigns kids only to keys in its options; these keys carry their own (openiddict-notes.md).
        var key = new RsaSecurityKey(rsa) { KeyId = record.Id };
        return new SigningKey(record.Id, key, new SigningCredentials(key, SecurityAlgorithms.RsaSha256), record.ActivatesAt, record.RetiredAt);
    }

    private async Task<byte[]> LoadOrCreateSecretAsync(KeyPurpose purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var record = await database.Keys.FirstOrDefaultAsync(key => key.Purpose == purpose, cancellationToken);
        if (record is null)
        {
            var now = timeProvider.GetUtcNow();
            record = new KeyMaterial
            {
                Id = purpose.ToString().ToLowerInvariant(),
                Purpose = purpose,
                Algorithm = "A256",
                ProtectedKey = Protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                Created = now,
                ActivatesAt = now,
            };
            database.Keys.Add(record);
            if (!await SaveIgnoringConcurrentCreationAsync(database, cancellationToken))
            {
                record = await database.Keys.AsNoTracking().FirstAsync(key => key.Purpose == purpose, cancellationToken);
            }
        }

        return Convert.FromBase64String(Protector.Unprotect(record.ProtectedKey));
    }

    /// <summary>Two nodes starting together may both create a global key; the first one wins.</summary>
    private static async Task<bool> SaveIgnoringConcurrentCreationAsync(GatehouseDbContext database, CancellationToken cancellationToken)
    {
        try
        {
            await database.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            database.ChangeTracker.Clear();
            return false;
        }
    }
}
