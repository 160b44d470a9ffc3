using DenoiseApi.Options;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// Metrics and traces through OpenTelemetry: the service's meter (<see cref="ServiceMetrics"/>), ASP.NET Core's
/// <c>http.server.*</c> and Kestrel meters and .NET's runtime meter, read at <c>GET /metrics</c> by the Prometheus
/// exporter and pushed over OTLP when <see cref="TelemetryOptions.OtlpEndpoint"/> is set; with OTLP on, every request is
/// also traced (ASP.NET Core's span, with an <c>inference</c> span around each model call under it).
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The name OpenTelemetry's <see cref="Microsoft.Extensions.Diagnostics.Metrics.IMetricsListener"/> registers under.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>ASP.NET Core's meters (Hosting's http.server.*, Kestrel, Routing, RateLimiting, ...): a rule matches by prefix.</summary>
    private const string AspNetCoreMeters = "Microsoft.AspNetCore";

    /// <summary>
    /// Kestrel's buffer-pool meter, left out: it records on every buffer rented and returned (several per request), which
    /// cost /classify ~2 us of CPU per request under load, for pool sizes no dashboard or alert reads.
    /// </summary>
    private const string MemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    public static WebApplicationBuilder AddServiceTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceMetrics>();
        // Read here because it decides which exporters exist; the section is validated at start like every other.
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = telemetry.OtlpEndpoint is { IsAbsoluteUri: true };

        // This host's own meters only (MeterScope.Local: made by this host's IMeterFactory). Subscribing by name alone
        // (AddMeter) also listens to every other host's same-named meters in the process and merges them into one
        // stream, which the first of those hosts to stop takes down with it.
        builder.Services.AddMetrics(rules => rules
            .EnableMetrics(ServiceMetrics.MeterName, scopes: MeterScope.Local, listenerName: OpenTelemetryListener)
            .EnableMetrics(AspNetCoreMeters, scopes: MeterScope.Local, listenerName: OpenTelemetryListener)
            .DisableMetrics(MemoryPoolMeter, scopes: MeterScope.Local, listenerName: OpenTelemetryListener));
        var openTelemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceMetrics.MeterName))
            .WithMetrics(metrics =>
            {
                // .NET's runtime meter is one per process.
                metrics.AddRuntimeInstrumentation()
                    // ASP.NET Core's default buckets start at 5 ms; an overload 503 takes a tenth of a millisecond.
                    .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = ServiceMetrics.SecondsBuckets })
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, telemetry, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = telemetry.OtlpExportIntervalMilliseconds;
                    });
                }
            });
        if (otlp)
        {
            openTelemetry.WithTracing(tracing => tracing
                .AddSource(ServiceMetrics.MeterName)
                .AddAspNetCoreInstrumentation(asp => asp.Filter = context => !IsOperational(context.Request.Path))
                .AddOtlpExporter(exporter => Configure(exporter, telemetry, "v1/traces")));
        }
        return builder;
    }

    /// <summary><c>GET /metrics</c>: every exported instrument in the Prometheus text format (or OpenMetrics, if asked for).</summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>Probes and scrapes: not traced, logged at Debug.</summary>
    internal static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The collector's address and protocol. With HTTP/protobuf the configured endpoint is the collector's base address
    /// (http://collector:4318) or, as before, the metrics path itself: each signal gets its own path on the same host.
    /// </summary>
    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions telemetry, string signalPath)
    {
        var endpoint = telemetry.OtlpEndpoint!;
        var http = string.Equals(telemetry.OtlpProtocol, "HttpProtobuf", StringComparison.OrdinalIgnoreCase);
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        exporter.Endpoint = http ? new Uri(endpoint, "/" + signalPath) : endpoint;
    }
}
