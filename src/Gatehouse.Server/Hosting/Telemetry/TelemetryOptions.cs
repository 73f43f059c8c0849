namespace Gatehouse.Server.Hosting.Telemetry;

/// <summary>
/// <c>Gatehouse:Telemetry</c>: OpenTelemetry export, off by default (then no SDK is registered at all). OTLP is on
/// when <see cref="OtlpEndpoint"/> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the Prometheus scrape
/// endpoint when <see cref="PrometheusEnabled"/>. See docs/operations.md.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Gatehouse:Telemetry";

    /// <summary>The standard variable the OTLP exporter reads (OpenTelemetry SDK configuration).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>OTLP collector base URL (e.g. <c>http://collector:4318</c>); wins over <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the OTLP default, port 4317) or <c>http/protobuf</c> (port 4318), for <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Serve <see cref="PrometheusPath"/> in Prometheus text format.</summary>
    public bool PrometheusEnabled { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Networks (CIDR) whose clients may scrape; requests from anywhere else get a 404 as if there were no endpoint.
    /// Default: loopback only. A node behind a proxy sees the proxy's address: scrape nodes directly.
    /// </summary>
    public List<string> PrometheusAllowedNetworks { get; set; } = [];

    /// <summary>Traces for every request (ASP.NET Core) and database command (EF Core) when exporting over OTLP.</summary>
    public bool TracesEnabled { get; set; } = true;
}
