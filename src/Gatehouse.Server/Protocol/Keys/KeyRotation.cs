using Gatehouse.Core.Keys;
using Gatehouse.Server.Hosting;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// Rotates authorization servers' signing keys: <c>gatehouse keys rotate</c> calls <see cref="RotateAsync"/>, the
/// schedule (<see cref="KeyRotationService"/>) calls <see cref="CheckAsync"/>. A rotation creates the next key,
/// published at once and signing only after <see cref="GatehouseOptions.SigningKeyPropagationDelay"/>, and retires
/// the current key at that instant; <see cref="SigningKeyLifecycle"/> decides how long a retired key is kept.
/// Several nodes may share the database: each decision is taken inside one write transaction (SQLite
/// <c>BEGIN IMMEDIATE</c>), so two nodes never both rotate the same server.
/// </summary>
internal sealed partial class KeyRotation(
    IServiceScopeFactory scopeFactory,
    KeyRing keyRing,
    IssuerRegistry registry,
    SigningKeyLifecycle lifecycle,
    LongestTokenLifetimes lifetimes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyRotation> logger)
{
    /// <summary>Rotates one server's key now, unless a rotation is already pending (its next key not yet active).</summary>
    public Task<KeyRotationResult> RotateAsync(string authorizationServerId, CancellationToken cancellationToken) =>
        RotateCoreAsync(authorizationServerId, dueAfter: null, cancellationToken);

    /// <summary>
    /// The scheduled check: for every authorization server, rotates a key that has signed for
    /// <see cref="GatehouseOptions.SigningKeyRotationInterval"/>, deletes keys no token can need any more, and
    /// reloads the key ring from the database (keys created or retired by other nodes).
    /// </summary>
    public async Task<IReadOnlyList<KeyRotationResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var results = new List<KeyRotationResult>();
        foreach (var issuer in registry.All)
        {
            results.Add(await RotateCoreAsync(issuer.KeyId, options.Value.SigningKeyRotationInterval, cancellationToken));
        }

        return results;
    }

    private async Task<KeyRotationResult> RotateCoreAsync(string authorizationServerId, TimeSpan? dueAfter, CancellationToken cancellationToken)
    {
        // Lifetimes changed on another node count before any key is retired or deleted.
        await lifetimes.ReloadAsync(cancellationToken);
        KeyRotationResult result;
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
            // One rotation of a server's keys at a time, across nodes and the scheduled check.
            await database.Database.LockAsync("gatehouse:signing-keys:" + authorizationServerId, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var records = await database.Keys
                .Where(key => key.Purpose == KeyPurpose.Signing && key.AuthorizationServerId == authorizationServerId)
                .ToListAsync(cancellationToken);

            // Keys whose every token has expired: nothing needs their private key any more.
            var expired = records.Where(key => !lifecycle.IsValidating(key.RetiredAt, now)).ToList();
            database.Keys.RemoveRange(expired);
            records = [.. records.Except(expired)];

            var pending = records.Where(key => key.ActivatesAt > now).MaxBy(key => key.ActivatesAt);
            var active = records.Where(key => key.ActivatesAt <= now && (key.RetiredAt is null || now < key.RetiredAt)).MaxBy(key => key.ActivatesAt);
            if (pending is not null)
            {
                result = new KeyRotationResult(authorizationServerId, KeyRotationOutcome.AlreadyPending, pending.Id, pending.ActivatesAt, [], expired.Count);
            }
            else if (active is null)
            {
                // Nothing can sign: the first key of a server signs at once (there is no earlier key to honour).
                var first = keyRing.CreateSigningKeyRecord(authorizationServerId, now);
                database.Keys.Add(first);
                result = new KeyRotationResult(authorizationServerId, KeyRotationOutcome.Created, first.Id, first.ActivatesAt, [], expired.Count);
            }
            else if (dueAfter is { } age && now < active.ActivatesAt + age)
            {
                result = new KeyRotationResult(authorizationServerId, KeyRotationOutcome.NotDue, active.Id, active.ActivatesAt, [], expired.Count);
            }
            else
            {
                var next = keyRing.CreateSigningKeyRecord(authorizationServerId, now + options.Value.SigningKeyPropagationDelay);
                database.Keys.Add(next);
                var retired = records.Where(key => key.RetiredAt is null || key.RetiredAt > next.ActivatesAt).ToList();
                foreach (var key in retired)
                {
                    key.RetiredAt = next.ActivatesAt;
                }

                result = new KeyRotationResult(authorizationServerId, KeyRotationOutcome.Rotated, next.Id, next.ActivatesAt, [.. retired.Select(key => key.Id)], expired.Count);
            }

            await database.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (result.Outcome is KeyRotationOutcome.Rotated or KeyRotationOutcome.Created)
        {
            LogRotated(logger, authorizationServerId, result.KeyId, result.ActivatesAt, result.RetiredKeyIds.Count);
        }

        await keyRing.LoadSigningKeysAsync(authorizationServerId, cancellationToken);
        return result with
        {
            RetiredKeysUnpublishedAt = result.ActivatesAt + lifecycle.PublishedAfterRetirement,
            RetiredKeysDeletedAt = result.ActivatesAt + lifecycle.ValidatesAfterRetirement,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing key rotation for authorization server '{AuthorizationServerId}': new key {KeyId} signs from {ActivatesAt:O}; {RetiredKeys} key(s) retire then")]
    private static partial void LogRotated(ILogger logger, string authorizationServerId, string keyId, DateTimeOffset activatesAt, int retiredKeys);
}

internal enum KeyRotationOutcome
{
    /// <summary>A next key was created; the previous keys retire when it activates.</summary>
    Rotated,

    /// <summary>The server had no key that could sign: a first key was created, signing at once.</summary>
    Created,

    /// <summary>A next key already waits for its activation; nothing was changed.</summary>
    AlreadyPending,

    /// <summary>The scheduled check found the active key younger than the rotation interval.</summary>
    NotDue,
}

/// <param name="KeyId">The new key (Rotated, Created), the waiting one (AlreadyPending) or the active one (NotDue).</param>
/// <param name="ActivatesAt">When <paramref name="KeyId"/> signs (or signed) first; the retired keys' <c>RetiredAt</c>.</param>
/// <param name="DeletedKeys">Retired keys deleted because every token they signed has expired.</param>
internal sealed record KeyRotationResult(
    string AuthorizationServerId,
    KeyRotationOutcome Outcome,
    string KeyId,
    DateTimeOffset ActivatesAt,
    IReadOnlyList<string> RetiredKeyIds,
    int DeletedKeys)
{
    /// <summary>When the retired keys leave JWKS: every ID and access token they signed has expired.</summary>
    public DateTimeOffset RetiredKeysUnpublishedAt { get; init; }

    /// <summary>When the retired keys are deleted: every refresh token and code they signed has expired.</summary>
    public DateTimeOffset RetiredKeysDeletedAt { get; init; }
}
