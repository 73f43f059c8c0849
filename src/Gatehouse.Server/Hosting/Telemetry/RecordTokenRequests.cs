using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http.Features;

using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Hosting.Telemetry;

/// <summary>
/// Counts every token endpoint response, granted or refused, in one place (the System Log records only what is
/// granted: its facts do not include refusals). It also tags ASP.NET Core's <c>http.server.request.duration</c> of
/// the request with the grant type, which gives token latency per grant type without a second clock.
/// </summary>
internal sealed class RecordTokenRequests(GatehouseMetrics metrics) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<RecordTokenRequests>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var grantType = context.Request?.GrantType;
        metrics.TokenRequest(grantType, context.Response.Error);

        // Present only while a listener records http.server.request.duration: nothing to do otherwise.
        if (context.Transaction.GetHttpRequest()?.HttpContext.Features.Get<IHttpMetricsTagsFeature>() is { } tags)
        {
            tags.Tags.Add(new KeyValuePair<string, object?>("gatehouse.grant_type", GatehouseMetrics.GrantTypeTag(grantType)));
        }

        return ValueTask.CompletedTask;
    }
}
