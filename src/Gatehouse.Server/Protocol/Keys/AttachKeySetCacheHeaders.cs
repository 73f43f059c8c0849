using Gatehouse.Server.Hosting;

using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Keys;

/// <summary>
/// Lets clients cache a successful JWKS response for <see cref="GatehouseOptions.JwksCacheMaxAge"/> instead of
/// refetching it for every token (RFC 9111 §5.2.2.1). Safe with rotation: a new key is published for the
/// propagation delay, which is at least this max-age plus the nodes' reload interval, before it signs, so every
/// client that honours the header knows it in time. Errors keep OpenIddict's <c>no-store</c>.
/// </summary>
internal sealed class AttachKeySetCacheHeaders(IOptions<GatehouseOptions> options) : IOpenIddictServerHandler<ApplyJsonWebKeySetResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyJsonWebKeySetResponseContext>()
            .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
            .UseSingletonHandler<AttachKeySetCacheHeaders>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachCacheControlHeader<ApplyJsonWebKeySetResponseContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.BuiltIn)
            .Build();

    public ValueTask HandleAsync(ApplyJsonWebKeySetResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(context.Transaction.Response?.Error))
        {
            return ValueTask.CompletedTask;
        }

        var response = context.Transaction.GetHttpRequest()?.HttpContext.Response
            ?? throw new InvalidOperationException("The ASP.NET Core response is not available.");
        var maxAge = (long)options.Value.JwksCacheMaxAge.TotalSeconds;
        response.Headers[HeaderNames.CacheControl] = $"public, max-age={maxAge}";
        response.Headers.Remove(HeaderNames.Pragma);
        response.Headers.Remove(HeaderNames.Expires);
        return ValueTask.CompletedTask;
    }
}
