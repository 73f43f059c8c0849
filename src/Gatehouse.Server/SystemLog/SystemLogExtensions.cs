using Gatehouse.Core.Users;
using Gatehouse.Server.SystemLog.AdminChanges;
using Gatehouse.Server.SystemLog.Api;
using Gatehouse.Server.SystemLog.Tokens;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.SystemLog;

/// <summary>
/// The System Log: the recorder, its OpenIddict handlers (token grants, SSO, refresh-token reuse), the admin-change
/// filter and <c>GET /api/v1/logs</c>, and retention. Registered here so that protocol and API files stay untouched.
/// </summary>
internal static class SystemLogExtensions
{
    public static IServiceCollection AddGatehouseSystemLog(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<SystemLogRecorder>();
        // SignInEvents is public (the sign-in page is), its recorder internal: constructed here.
        services.AddScoped(provider => new SignInEvents(provider.GetRequiredService<SystemLogRecorder>(), provider.GetRequiredService<UserManager<GatehouseUser>>(),
            provider.GetRequiredService<Hosting.Telemetry.GatehouseMetrics>()));
        services.AddScoped<AdminTargets>();
        services.AddScoped<AdminChangeFilter>();
        services.AddScoped<ConsoleChanges>();
        services.AddHostedService<SystemLogRetentionService>();
        services.AddOpenIddict().AddServer(server =>
        {
            server.AddEventHandler(RecordTokenGrants.Descriptor);
            server.AddEventHandler(RecordRefreshTokenReuse.Descriptor);
        });
        return services;
    }

    /// <summary>On the <c>/api/v1</c> group, after the SSWS filter: records admin changes and serves the log.</summary>
    public static RouteGroupBuilder MapGatehouseSystemLog(this RouteGroupBuilder api)
    {
        api.AddEndpointFilter<AdminChangeFilter>();
        api.MapSystemLogApi();
        return api;
    }
}
