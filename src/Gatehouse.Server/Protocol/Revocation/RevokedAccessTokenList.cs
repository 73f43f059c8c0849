using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;

using Gatehouse.Core.Tokens;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

using OpenIddict.Abstractions;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Protocol.Revocation;

/// <summary>
/// The access tokens revoked at <c>/revoke</c> before they expired, by <c>jti</c>
/// (docs/decisions/0013-self-contained-access-tokens.md). In the shared database, so a revocation on one node holds on
/// every node at once. The lookup runs on every validation of an access token; it is a compiled primary-key query.
/// </summary>
internal sealed class RevokedAccessTokenList(GatehouseDbContext database)
{
    /// <summary>
    /// An access token issued without an entry (no token id: ADR 0013), which this list and its authorization revoke;
    /// one issued with an entry (by an earlier version) is OpenIddict's business, as before.
    /// </summary>
    public static bool IsSelfContainedAccessToken([NotNullWhen(true)] ClaimsPrincipal? principal) =>
        principal is not null && principal.HasTokenType(TokenTypeIdentifiers.AccessToken) && string.IsNullOrEmpty(principal.GetTokenId());

    public Task<bool> ContainsAsync(string tokenId, CancellationToken cancellationToken) =>
        database switch
        {
            PostgresGatehouseDbContext postgres => Queries<PostgresGatehouseDbContext>.Contains(postgres, tokenId, cancellationToken),
            _ => Queries<GatehouseDbContext>.Contains(database, tokenId, cancellationToken),
        };

    /// <summary>Adds the token; revoking it again, here or on another node at the same moment, changes nothing (RFC 7009 §2.2).</summary>
    public async Task AddAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (await ContainsAsync(tokenId, cancellationToken))
        {
            return;
        }

        var entry = database.RevokedAccessTokens.Add(new RevokedAccessToken { TokenId = tokenId, ExpiresAt = expiresAt });
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            entry.State = EntityState.Detached;
            if (!await ContainsAsync(tokenId, cancellationToken))
            {
                throw;
            }

            // A concurrent revocation of the same token inserted it first: the outcome is the same.
        }
    }

    /// <summary>Deletes the rows of tokens that have expired: an expired token is refused for its expiry alone.</summary>
    public Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RevokedAccessTokens.Where(token => token.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

    /// <summary>One compiled query per context type, as <see cref="TokenEntries.TokenEntryQueries"/>.</summary>
    private static class Queries<TContext>
        where TContext : GatehouseDbContext
    {
        public static readonly Func<TContext, string, CancellationToken, Task<bool>> Contains =
            EF.CompileAsyncQuery((TContext context, string tokenId, CancellationToken _) =>
                context.RevokedAccessTokens.Any(token => token.TokenId == tokenId));
    }
}
