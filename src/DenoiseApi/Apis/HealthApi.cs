using DenoiseApi.Inference;
using DenoiseApi.Options;
using DenoiseApi.Output;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Apis;

/// <summary>
/// Liveness and readiness are different questions: /health/live says the process answers; /health/ready says every
/// model is loaded and warmed (503 with Retry-After until then). Both are open probes and say nothing else: why the
/// service is not ready (errors with file paths) is in /models, which needs a key when keys are on, and in the log.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", Live)
            .WithName("Live")
            .WithSummary("The process is up and answering");
        health.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Every model is loaded and warmed; 503 until then (the reasons are in /models)")
            .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static Ok<LivenessResponse> Live() => TypedResults.Ok(new LivenessResponse("live"));

    internal static Results<Ok<ReadinessResponse>, JsonHttpResult<ReadinessResponse>> Ready(
        HttpContext context, ModelRepository repository, IOptions<LimitsOptions> limits)
    {
        if (repository.CheckReadiness().Ready) return TypedResults.Ok(new ReadinessResponse("ready"));
        context.Response.Headers.RetryAfter = limits.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(new ReadinessResponse("not ready"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
