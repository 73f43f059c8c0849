using System.Net;

using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gatehouse.Server.Hosting.Telemetry;

/// <summary>
/// Metrics, traces and log format. With nothing configured only <see cref="GatehouseMetrics"/> is registered (its
/// instruments cost an <c>Enabled</c> check with no listener) and the OpenTelemetry SDK is not added: the hot path
/// pays nothing for telemetry nobody reads.
/// </summary>
internal static class TelemetryExtensions
{
    /// <summary><c>Gatehouse:LogFormat</c>: <c>json</c> for one JSON object per line (the built-in JSON console formatter).</summary>
    public const string LogFormatKey = "Gatehouse:LogFormat";

    public static bool IsJsonLogFormat(IConfiguration configuration) =>
        string.Equals(configuration[LogFormatKey], "json", StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddGatehouseTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<GatehouseMetrics>();
        builder.Services.AddOpenIddict().AddServer(server => server.AddEventHandler(RecordTokenRequests.Descriptor));

        // ASP.NET Core's "Request starting" entry holds the whole URL with its query string, and some queries carry a
        // token (id_token_hint at sign-out): never written, whatever level is configured. Path, status and duration
        // of requests are in traces and http.server.request.duration.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        if (IsJsonLogFormat(builder.Configuration))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                // Scopes carry the trace and span ids and the request path (never the query string).
                json.IncludeScopes = true;
            });
        }

        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.SectionName));
        var otlpFromEnvironment = !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.OtlpEndpointVariable]);
        var otlp = options.OtlpEndpoint is not null || otlpFromEnvironment;
        if (!otlp && !options.PrometheusEnabled)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] ?? "gatehouse",
                serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                // ASP.NET Core's meters: http.server.request.duration, active requests, Kestrel connections, rate limiting.
                metrics.AddMeter(GatehouseMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeEndpointPath = options.PrometheusPath);
                }
            });

        if (!otlp)
        {
            return builder;
        }

        if (options.TracesEnabled)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !IsProbe(http.Request.Path, options))
                .AddEntityFrameworkCoreInstrumentation());
        }

        // OTLP for traces, metrics and logs. The base URL gets /v1/traces, /v1/metrics and /v1/logs with http/protobuf.
        if (options.OtlpEndpoint is { } endpoint)
        {
            var protocol = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf
                : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, endpoint);
        }
        else
        {
            // OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS, … as the SDK defines them.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The scrape endpoint, when enabled: only for clients in the allowed networks (loopback by default).</summary>
    public static WebApplication UseGatehouseMetricsEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.PrometheusEnabled)
        {
            return app;
        }

        var networks = options.PrometheusAllowedNetworks.Count == 0
            ? [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]
            : options.PrometheusAllowedNetworks.Select(IPNetwork.Parse).ToArray();
        var path = new PathString(options.PrometheusPath);
        // A refused client falls through to the normal pipeline and gets its 404: the endpoint is not advertised.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == path && IsAllowed(http.Connection.RemoteIpAddress, networks));
        return app;
    }

    private static bool IsAllowed(IPAddress? address, IPNetwork[] networks)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return networks.Any(network => network.Contains(address));
    }

    /// <summary>Probes and scrapes would drown the traces of real requests.</summary>
    private static bool IsProbe(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(options.PrometheusPath);
}
