using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Server.Protocol.Keys;

internal static class SigningKeyServices
{
    /// <summary>The key ring and its rotation; shared by <c>serve</c> and <c>gatehouse keys rotate</c>.</summary>
    public static IServiceCollection AddGatehouseSigningKeys(this IServiceCollection services)
    {
        services.TryAddSingleton<IssuerRegistry>();
        services.TryAddSingleton<LongestTokenLifetimes>();
        services.TryAddSingleton<SigningKeyLifecycle>();
        services.TryAddSingleton<KeyRing>();
        services.TryAddSingleton<KeyRotation>();
        return services;
    }
}
