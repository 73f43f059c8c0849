using Gatehouse.Server.ManagementApi.ApiTokens;
using Gatehouse.Server.ManagementApi.Apps;
using Gatehouse.Server.ManagementApi.Authentication;
using Gatehouse.Server.ManagementApi.AuthorizationServers;
using Gatehouse.Server.ManagementApi.Groups;
using Gatehouse.Server.ManagementApi.Requests;
using Gatehouse.Server.ManagementApi.TrustedOrigins;
using Gatehouse.Server.ManagementApi.Users;
using Gatehouse.Server.SystemLog;

namespace Gatehouse.Server.ManagementApi;

/// <summary>
/// Okta's management API under <c>/api/v1</c> (okta-reference.md §3): one route group per resource, every route
/// behind the SSWS token filter. Errors have Okta's shape (<see cref="ManagementErrors"/>); unknown routes and
/// methods get E0000007 and E0000022 from the status-code pages (Hosting/Errors).
/// </summary>
internal static class ManagementApiExtensions
{
    public static IServiceCollection AddGatehouseManagementApi(this IServiceCollection services)
    {
        services.AddScoped<SswsAuthenticationFilter>();
        services.AddScoped<PolicyValidation>();
        services.AddScoped<PolicyRuleService>();
        services.AddScoped<TrustedOriginService>();
        services.AddScoped<ApiTokenService>();
        services.AddSingleton<RequestBodyFilter>();
        services.AddGatehouseSystemLog();
        return services;
    }

    public static WebApplication MapGatehouseManagementApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter<RequestBodyFilter>();
        api.AddEndpointFilter<SswsAuthenticationFilter>();
        api.MapGatehouseSystemLog();
        api.MapUsersApi();
        api.MapApiTokensApi();
        api.MapGroupsApi();
        api.MapAuthorizationServersApi();
        api.MapAppsApi();
        api.MapTrustedOriginsApi();
        return app;
    }
}
