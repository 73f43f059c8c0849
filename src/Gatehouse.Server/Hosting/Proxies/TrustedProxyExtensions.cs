using System.Net;

using Microsoft.AspNetCore.HttpOverrides;

using IPNetwork = System.Net.IPNetwork;

namespace Gatehouse.Server.Hosting.Proxies;

/// <summary>
/// TLS terminated at a load balancer or reverse proxy (docs/deployment.md): the proxy speaks plain HTTP to Gatehouse
/// and says in <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> what the client used. Those headers are believed
/// only from the networks in <see cref="GatehouseOptions.TrustedProxies"/> — anybody else could claim HTTPS or
/// another address — and only the nearest hop is taken. With the setting empty (the default) they are ignored.
/// The issuer never comes from a forwarded header or the Host header: it is <see cref="GatehouseOptions.PublicOrigin"/>.
/// </summary>
internal static class TrustedProxyExtensions
{
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, GatehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustedProxies.Count == 0)
        {
            return app;
        }

        var forwarded = new ForwardedHeadersOptions
        {
            // OpenIddict refuses requests that did not arrive over HTTPS (RFC 6749 §3.1, §3.2); the client's address
            // goes to the System Log and the rate limits. Host is not forwarded: host filtering checks it as sent.
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
            RequireHeaderSymmetry = false,
        };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var network in options.TrustedProxies)
        {
            forwarded.KnownIPNetworks.Add(ParseNetwork(network));
        }

        return app.UseForwardedHeaders(forwarded);
    }

    /// <summary>A CIDR block, or one address (a /32 or /128).</summary>
    public static IPNetwork ParseNetwork(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IPNetwork.TryParse(value.Trim(), out var network))
        {
            return network;
        }

        return IPAddress.TryParse(value.Trim(), out var address)
            ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : throw new InvalidOperationException($"TrustedProxies: '{value}' is neither an IP address nor a CIDR block (e.g. 10.0.0.0/8).");
    }
}
