using Gatehouse.Server.Hosting;
using Gatehouse.Server.Hosting.Maintenance;
using Gatehouse.Server.Protocol.Revocation;

using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Keeps the token and authorization tables from growing without end: every <see cref="GatehouseOptions.TokenPruneInterval"/>
/// (and once at start) OpenIddict's own pruning removes entries created more than <see cref="GatehouseOptions.TokenRetention"/>
/// ago that can no longer be used — expired, redeemed or revoked tokens, and authorizations left without a valid
/// token — and revoked access tokens that have expired. Valid tokens are never removed, however old. Every node may run
/// it: the deletes are idempotent.
/// </summary>
internal sealed class TokenPruningService(
    IServiceScopeFactory scopes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenPruningService> logger) : PeriodicMaintenance(timeProvider, logger)
{
    /// <summary>Removes what can go; returns how many tokens, authorizations and revoked access tokens.</summary>
    public async Task<(long Tokens, long Authorizations, long RevokedAccessTokens)> PruneAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var threshold = now - options.Value.TokenRetention;
        await using var scope = scopes.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        var revokedAccessTokens = await scope.ServiceProvider.GetRequiredService<RevokedAccessTokenList>().PruneAsync(now, cancellationToken);
        return (tokens, authorizations, revokedAccessTokens);
    }

    protected override TimeSpan Interval => options.Value.TokenPruneInterval;

    protected override string Name => "Token pruning";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);
}
