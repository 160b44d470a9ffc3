using DenoiseApi.Options;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace DenoiseApi.Diagnostics;

/// <summary>Pushes the service's metrics to an OpenTelemetry collector over OTLP when <see cref="TelemetryOptions.OtlpEndpoint"/> is set.</summary>
internal sealed class OtlpMetricsExport(IOptions<TelemetryOptions> options) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var telemetry = options.Value;
        if (telemetry.OtlpEndpoint is null) return Task.CompletedTask;
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter([.. ServiceMetrics.ExportedMeters])
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = telemetry.OtlpEndpoint;
                exporter.Protocol = string.Equals(telemetry.OtlpProtocol, "HttpProtobuf", StringComparison.OrdinalIgnoreCase)
                    ? OtlpExportProtocol.HttpProtobuf
                    : OtlpExportProtocol.Grpc;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = telemetry.OtlpExportIntervalMilliseconds;
            })
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}
