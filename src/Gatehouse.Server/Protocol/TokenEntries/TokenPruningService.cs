using Gatehouse.Server.Hosting;
using Gatehouse.Server.Hosting.Maintenance;

using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Keeps the token and authorization tables from growing without end: every <see cref="GatehouseOptions.TokenPruneInterval"/>
/// (and once at start) OpenIddict's own pruning removes entries created more than <see cref="GatehouseOptions.TokenRetention"/>
/// ago that can no longer be used — expired, redeemed or revoked tokens, and authorizations left without a valid
/// token. Valid tokens are never removed, however old. Every node may run it: the deletes are idempotent.
/// </summary>
internal sealed class TokenPruningService(
    IServiceScopeFactory scopes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenPruningService> logger) : PeriodicMaintenance(timeProvider, logger)
{
    /// <summary>Removes what can go; returns how many tokens and authorizations.</summary>
    public async Task<(long Tokens, long Authorizations)> PruneAsync(CancellationToken cancellationToken)
    {
        var threshold = Clock.GetUtcNow() - options.Value.TokenRetention;
        await using var scope = scopes.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        return (tokens, authorizations);
    }

    protected override TimeSpan Interval => options.Value.TokenPruneInterval;

    protected override string Name => "Token pruning";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);
}
