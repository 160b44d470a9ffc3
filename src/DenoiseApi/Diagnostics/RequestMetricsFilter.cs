using System.Diagnostics;
using DenoiseApi.Inference;

namespace DenoiseApi.Diagnostics;

/// <summary>Counts every answered request and its latency per endpoint, model and status (once the response is complete).</summary>
public sealed class RequestMetricsFilter(ServiceMetrics metrics) : IEndpointFilter
{
    private const string ModelItem = "denoiseapi.model";

    /// <summary>Tags the request with the model that answered it.</summary>
    public static void SetModel(HttpContext context, ServedModel model) => context.Items[ModelItem] = model.Label;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var started = Stopwatch.GetTimestamp();
        var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        http.Response.OnCompleted(() =>
        {
            var model = http.Items.TryGetValue(ModelItem, out var label) ? label as string ?? "none" : "none";
            metrics.RequestAnswered(endpoint, model, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return Task.CompletedTask;
        });
        return await next(context);
    }
}
