namespace DenoiseApi.Options;

/// <summary>Metrics export (section <c>Telemetry</c>). /metrics always serves the Prometheus text format.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>OTLP collector endpoint (e.g. http://localhost:4317); null exports nothing over OTLP.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>"Grpc" or "HttpProtobuf".</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>How often metrics are pushed to the OTLP endpoint, in milliseconds.</summary>
    public int OtlpExportIntervalMilliseconds { get; set; } = 10_000;
}
