using DenoiseApi.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DenoiseApi.Apis;

/// <summary>GET /metrics: the service's instruments in the Prometheus text format.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        // Start listening now, so that measurements made before the first scrape are counted.
        _ = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", Scrape)
            .WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Request counts and latency, queue depth, batch sizes, inference time and load failures (Prometheus text format)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    internal static ContentHttpResult Scrape(PrometheusExporter exporter) =>
        TypedResults.Text(exporter.Render(), PrometheusExporter.ContentType);
}
