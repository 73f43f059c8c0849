using Gatehouse.Core.ApiTokens;
using Gatehouse.Core.Identifiers;
using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.ApiTokens;

/// <summary>
/// The rules for SSWS API tokens, shared by <c>/api/v1/api-tokens</c>, the admin console and the bootstrap
/// registration: a token belongs to the admin who created it; only a keyed hash of its value is stored
/// (<see cref="SecretHasher"/>), so the value is shown once; a revoked token is refused at once.
/// </summary>
internal sealed class ApiTokenService(GatehouseDbContext database, SecretHasher hasher, TimeProvider clock)
{
    public const int MaxNameLength = 255;

    /// <summary>A new token value: Okta's are 42 characters starting with <c>00</c>.</summary>
    public static string NewValue() => "00" + OktaId.RandomString(40);

    /// <summary>The token to add, and its value (to show once); not saved.</summary>
    public ApiToken New(string name, string userId, out string value)
    {
        value = NewValue();
        return new ApiToken { Name = name, UserId = userId, TokenHash = hasher.Hash(value), Created = clock.GetUtcNow() };
    }

    /// <summary>Creates a token for <paramref name="userId"/>; the value is returned only here.</summary>
    public async Task<(ApiToken? Token, string? Value, List<string> Causes)> CreateAsync(string? name, string userId, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, null, ["name: The field cannot be left blank"]);
        }

        if (trimmed.Length > MaxNameLength)
        {
            return (null, null, [$"name: The field cannot exceed {MaxNameLength} characters"]);
        }

        var token = New(trimmed, userId, out var value);
        database.ApiTokens.Add(token);
        await database.SaveChangesAsync(cancellationToken);
        return (token, value, []);
    }

    public Task<List<ApiToken>> ListActiveAsync(CancellationToken cancellationToken) =>
        database.ApiTokens.AsNoTracking().Where(token => token.Revoked == null).OrderBy(token => token.Id).ToListAsync(cancellationToken);

    public Task<ApiToken?> FindActiveAsync(string id, CancellationToken cancellationToken) =>
        database.ApiTokens.SingleOrDefaultAsync(token => token.Id == id && token.Revoked == null, cancellationToken);

    /// <summary>Revokes an active token; false when there is none with this id.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindActiveAsync(id, cancellationToken) is not { } token)
        {
            return false;
        }

        token.Revoked = clock.GetUtcNow();
        await database.SaveChangesAsync(cancellationToken);
        return true;
    }
}
