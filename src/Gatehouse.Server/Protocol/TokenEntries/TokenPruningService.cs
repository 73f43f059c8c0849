using Gatehouse.Server.Hosting;

using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Keeps the token and authorization tables from growing without end: every <see cref="GatehouseOptions.TokenPruneInterval"/>
/// (and once at start) OpenIddict's own pruning removes entries created more than <see cref="GatehouseOptions.TokenRetention"/>
/// ago that can no longer be used — expired, redeemed or revoked tokens, and authorizations left without a valid
/// token. Valid tokens are never removed, however old. Every node may run it: the deletes are idempotent.
/// </summary>
internal sealed partial class TokenPruningService(
    IServiceScopeFactory scopes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenPruningService> logger) : BackgroundService
{
    /// <summary>Removes what can go; returns how many tokens and authorizations.</summary>
    public async Task<(long Tokens, long Authorizations)> PruneAsync(CancellationToken cancellationToken)
    {
        var threshold = timeProvider.GetUtcNow() - options.Value.TokenRetention;
        await using var scope = scopes.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        return (tokens, authorizations);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TokenPruneInterval, timeProvider);
        try
        {
            do
            {
                // With a fake clock the tick resumes on the thread advancing it: leave it so ticks coalesce.
                await Task.Yield();
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A busy database must not stop the schedule: the next tick tries again.
                    LogPruneFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Token pruning failed; retrying at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
