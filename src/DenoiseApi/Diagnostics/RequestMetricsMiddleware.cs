using System.Diagnostics;
using DenoiseApi.Inference;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// Counts every answered request to an endpoint marked <see cref="Measured"/> (the inference routes) and its latency,
/// by route, model (the <see cref="IServedModelFeature"/> the endpoint set, "none" when no model answered) and status.
/// A middleware rather than an endpoint filter: a filter is created per request from the request's services and puts
/// the handler's arguments in an invocation context, which cost more than what it measures.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, ServiceMetrics metrics)
{
    /// <summary>Endpoint metadata that asks for request metrics.</summary>
    public static readonly object Measured = new MeasuredEndpoint();

    /// <summary>
    /// Tags the request with the model that answered it and, for a chained request, the denoiser that ran before it
    /// (named in the request log; the metrics count the request under the model that answered).
    /// </summary>
    public static void SetModel(HttpContext context, ServedModel model, ServedModel? denoiser = null) =>
        context.Features.Set<IServedModelFeature>(new ServedModelFeature(model, denoiser));

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.Metadata.GetMetadata<MeasuredEndpoint>() is null)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError; // unless the pipeline returns normally
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var model = context.Features.Get<IServedModelFeature>()?.Label ?? "none";
            metrics.RequestAnswered(endpoint.RoutePattern.RawText ?? "", model, status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private sealed class MeasuredEndpoint;
}
