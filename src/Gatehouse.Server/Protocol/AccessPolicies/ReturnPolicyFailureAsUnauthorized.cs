using Microsoft.AspNetCore;

using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.AccessPolicies;

/// <summary>
/// Okta answers a token request that no access-policy rule allows with HTTP 401 <c>access_denied</c>
/// (oauth2-error-codes.json, <c>no_matching_policy</c>); OpenIddict would send 400 for <c>access_denied</c>.
/// </summary>
internal sealed class ReturnPolicyFailureAsUnauthorized : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<ReturnPolicyFailureAsUnauthorized>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachHttpResponseCode<ApplyTokenResponseContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.Error == Errors.AccessDenied && context.Response.ErrorDescription == ApplyAccessPolicy.NoMatchingPolicy
            && context.Transaction.GetHttpRequest() is { } request)
        {
            request.HttpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }

        return ValueTask.CompletedTask;
    }
}
