using DenoiseApi.Inference;
using DenoiseApi.ModelStore;
using DenoiseApi.Output;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DenoiseApi.Apis;

/// <summary>GET /models: what the repository holds and how each version is served.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models", ListModels)
            .WithTags("Models")
            .WithName("ListModels")
            .WithSummary("Every model version: manifest summary, metrics, state, provider in use and load failures")
            .WithDescription("Also says whether the service is ready and, when not, why (the reasons the open /health/ready probe does not show).")
            .RequireApiKey();
        return app;
    }

    internal static Ok<ModelsResponse> ListModels(ModelRepository repository, OrtRuntime runtime)
    {
        var slots = repository.Slots;
        var models = slots.Select(s => ModelVersionInfo.From(s, IsDefault(repository, s))).ToList();
        var readiness = repository.CheckReadiness();
        var defaults = new ModelDefaults(repository.DefaultName(ModelKind.Denoiser), repository.DefaultName(ModelKind.Encoder), repository.DefaultName(ModelKind.Classifier));
        return TypedResults.Ok(new ModelsResponse(repository.Root, runtime.Version, OrtRuntime.Package, readiness.Ready, readiness.Problems, defaults, models));
    }

    /// <summary>Whether a request naming this model but no version is answered by this slot.</summary>
    private static bool IsDefault(ModelRepository repository, ModelSlot slot) =>
        slot.Current is { } model
        && repository.Resolve(model.Kind, slot.Name, null) is { Succeeded: true } resolved
        && ReferenceEquals(resolved.Value, model);
}
