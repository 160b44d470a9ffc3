using System.Diagnostics;
using DenoiseApi.Inference;

namespace DenoiseApi.Diagnostics;

/// <summary>Counts every answered request and its latency per endpoint, model and status (once the response is complete).</summary>
public sealed class RequestMetricsFilter(ServiceMetrics metrics) : IEndpointFilter
{
    /// <summary>Tags the request with the model that answered it (an <see cref="IServedModelFeature"/>).</summary>
    public static void SetModel(HttpContext context, ServedModel model) =>
        context.Features.Set<IServedModelFeature>(new ServedModelFeature(model));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var started = Stopwatch.GetTimestamp();
        var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        http.Response.OnCompleted(() =>
        {
            var model = http.Features.Get<IServedModelFeature>()?.Label ?? "none";
            metrics.RequestAnswered(endpoint, model, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return Task.CompletedTask;
        });
        return await next(context);
    }
}
