using Gatehouse.Core.Users;
using Gatehouse.Server.ManagementApi.Authentication;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.SystemLog.AdminChanges;

/// <summary>
/// Records every successful admin change on <c>/api/v1</c> (issue 5: "every admin change is in the system log"): after a
/// POST, PUT or DELETE answered 2xx, one event with Okta's event type for the route (<see cref="AdminEventTypes"/>),
/// the calling admin as actor and the route's objects as targets. Central, so endpoints need no logging code of their own.
/// Runs inside the SSWS filter, so only authenticated, authorized calls get here.
/// </summary>
internal sealed class AdminChangeFilter(SystemLogRecorder systemLog, AdminTargets targets, UserManager<GatehouseUser> users) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method))
            || http.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern })
        {
            return await next(context);
        }

        // Described before the change: after a delete the object is gone.
        var shape = RouteShape.Of(pattern, http.Request.RouteValues);
        var routeTargets = await targets.FromRouteAsync(shape, http.RequestAborted);
        var result = await next(context);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (status is < 200 or > 299)
        {
            return result;
        }

        var (eventType, message) = AdminEventTypes.For(method.ToUpperInvariant(), shape.Template);
        if (shape.Template == "/users/{}" && HttpMethods.IsDelete(method) && routeTargets.Count == 1 && await users.FindByIdAsync(routeTargets[0].Id) is null)
        {
            // The first DELETE deactivated the user (the table's default); this one deleted it.
            (eventType, message) = (AdminEventTypes.UserDelete, "Delete Okta user");
        }

        if (await targets.CreatedAsync(shape, method, result, http.RequestAborted) is { } created)
        {
            routeTargets.Add(created);
        }

        var caller = http.Items[typeof(ManagementCaller)] as ManagementCaller;
        var admin = caller is null ? null : await users.FindByIdAsync(caller.UserId);
        await systemLog.RecordAsync(new LogEventDraft(eventType, message, admin is null ? null : SystemLogRecorder.UserEntity(admin), LogOutcome.Success)
        {
            Targets = routeTargets,
            DebugData = new Dictionary<string, string?>
            {
                ["requestMethod"] = method.ToUpperInvariant(),
                ["routeTemplate"] = "/api/v1" + shape.Template,
                ["apiTokenId"] = caller?.TokenId,
            },
        });
        return result;
    }
}
