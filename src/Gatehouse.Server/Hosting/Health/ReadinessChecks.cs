using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gatehouse.Server.Hosting.Health;

/// <summary>
/// <c>/healthz</c> answers while the process serves requests (liveness: no checks, so a slow database never gets a
/// node restarted); <c>/readyz</c> answers 200 only when the node can do its work — the database answers and every
/// authorization server has an active signing key — so a load balancer sends it traffic (Kubernetes' liveness and
/// readiness probes). Bodies are "Healthy"/"Unhealthy" only: no detail that would help an attacker.
/// </summary>
internal static class ReadinessChecks
{
    private const string Ready = "ready";

    public static IServiceCollection AddGatehouseHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReachable>("database", tags: [Ready])
            .AddCheck<SigningKeysLoaded>("signing-keys", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapGatehouseHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        return endpoints;
    }

    private sealed class DatabaseReachable(IServiceScopeFactory scopes) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            return await database.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }

    private sealed class SigningKeysLoaded(IssuerRegistry issuers, KeyRing keyRing) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var missing = issuers.All.Where(issuer => !HasActiveKey(issuer.KeyId)).Select(issuer => issuer.Name).ToList();
            return Task.FromResult(missing.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"No active signing key for {string.Join(", ", missing)}."));
        }

        private bool HasActiveKey(string authorizationServerId)
        {
            try
            {
                _ = keyRing.GetActiveSigningKey(authorizationServerId);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
