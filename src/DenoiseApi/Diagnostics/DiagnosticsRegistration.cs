using Serilog;

namespace DenoiseApi.Diagnostics;

/// <summary>Logging (Serilog) and metrics (instruments, /metrics exporter, optional OTLP push).</summary>
public static class DiagnosticsRegistration
{
    /// <summary>
    /// Routes Microsoft.Extensions.Logging to Serilog, configured from the <c>Serilog</c> section (sinks, levels,
    /// formatter: set <c>Serilog:WriteTo:0:Args:formatter</c> to <c>Serilog.Formatting.Json.JsonFormatter, Serilog</c>
    /// for JSON lines). Without a configured sink, logs go to the console as text.
    /// </summary>
    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
        if (!builder.Configuration.GetSection("Serilog:WriteTo").Exists())
            configuration = configuration.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
        return builder;
    }

    /// <summary>Request metrics for the endpoints marked <see cref="RequestMetricsMiddleware.Measured"/>.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.UseMiddleware<RequestMetricsMiddleware>();

    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton(provider => new PrometheusExporter(meterFactory: provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService<OtlpMetricsExport>();
        return services;
    }
}
