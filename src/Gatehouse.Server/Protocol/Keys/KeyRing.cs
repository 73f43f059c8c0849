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
internal sealed class KeyRing(IServiceScopeFactory scopeFactory, IDataProtectionProvider dataProtection, TimeProvider timeProvider)
{
    private const string ProtectorPurpose = "Gatehouse.Keys.v1";

    private readonly ConcurrentDictionary<string, IReadOnlyList<SigningKey>> _signingKeys = new(StringComparer.Ordinal);
    private SymmetricSecurityKey? _tokenEncryptionKey;
    private byte[]? _secretHashingKey;

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

    /// <summary>The keys of one authorization server ("" is the org server), newest first.</summary>
    public IReadOnlyList<SigningKey> GetSigningKeys(string authorizationServerId) =>
        _signingKeys.TryGetValue(authorizationServerId, out var keys) ? keys : [];

    /// <summary>The key that signs now: the newest one whose activation time has come.</summary>
    public SigningKey GetActiveSigningKey(string authorizationServerId)
    {
        var now = timeProvider.GetUtcNow();
        return GetSigningKeys(authorizationServerId).FirstOrDefault(key => key.ActivatesAt <= now && (key.RetiredAt is null || key.RetiredAt > now))
            ?? throw new InvalidOperationException($"No active signing key for authorization server '{authorizationServerId}'.");
    }

    public async Task LoadSigningKeysAsync(string authorizationServerId, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var records = await database.Keys
            .Where(key => key.Purpose == KeyPurpose.Signing && key.AuthorizationServerId == authorizationServerId)
            .ToListAsync(cancellationToken);
        if (records.Count == 0)
        {
            records.Add(await CreateSigningKeyAsync(database, authorizationServerId, cancellationToken));
        }

        _signingKeys[authorizationServerId] = records
            .OrderByDescending(record => record.ActivatesAt)
            .Select(ToSigningKey)
            .ToList();
    }

    private async Task<KeyMaterial> CreateSigningKeyAsync(GatehouseDbContext database, string authorizationServerId, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var now = timeProvider.GetUtcNow();
        var record = new KeyMaterial
        {
            Id = OktaId.RandomString(43),
            Purpose = KeyPurpose.Signing,
            AuthorizationServerId = authorizationServerId,
            Algorithm = SecurityAlgorithms.RsaSha256,
            ProtectedKey = Protector.Protect(rsa.ExportPkcs8PrivateKeyPem()),
            Created = now,
            ActivatesAt = now,
        };
        database.Keys.Add(record);
        await SaveIgnoringConcurrentCreationAsync(database, cancellationToken);
        return record;
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
