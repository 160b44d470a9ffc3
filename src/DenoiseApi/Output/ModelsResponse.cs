using DenoiseApi.Inference;
using DenoiseApi.ModelStore;

namespace DenoiseApi.Output;

/// <summary>GET /models: the runtime, the repository, and every model version with its state.</summary>
public sealed record ModelsResponse(string Root, string? RuntimeVersion, string? RuntimeLibrary, bool Ready, IReadOnlyList<ModelVersionInfo> Models);

/// <summary>One model version as /models shows it.</summary>
/// <param name="State">serving, loading, failed or pending.</param>
/// <param name="IsDefault">Whether requests that name no version of this model get this one.</param>
/// <param name="Provider">The execution provider the sessions run on.</param>
/// <param name="RequestedProvider">The provider the configuration asked for.</param>
/// <param name="ProviderFallbackReason">Why the requested provider is not the one in use.</param>
/// <param name="LastError">Why the last load or reload failed (the previous instance, if any, keeps serving).</param>
public sealed record ModelVersionInfo(
    string Name,
    int Version,
    string State,
    bool IsDefault,
    ModelKind? Kind,
    string? Architecture,
    string? Description,
    string? Family,
    IReadOnlyList<TensorSpec>? Inputs,
    IReadOnlyList<TensorSpec>? Outputs,
    IReadOnlyDictionary<string, double>? Metrics,
    string? Provider,
    string? RequestedProvider,
    string? ProviderFallbackReason,
    int? Sessions,
    int? MaxBatchSize,
    int? MaxQueueDelayMicroseconds,
    int? QueueCapacity,
    int? QueueDepth,
    DateTimeOffset? LoadedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    public static ModelVersionInfo From(ModelSlot slot, bool isDefault)
    {
        var model = slot.Current;
        var manifest = model?.Manifest;
        return new ModelVersionInfo(
            slot.Name, slot.Version, slot.State, isDefault,
            manifest?.Kind, manifest?.Architecture, manifest?.Description, manifest?.Family,
            manifest?.Inputs, manifest?.Outputs, manifest?.Metrics,
            model?.Provider, model?.Serving.Provider, model?.ProviderFallbackReason,
            model?.Sessions, model?.Serving.MaxBatchSize, model?.Serving.MaxQueueDelayMicroseconds, model?.Serving.QueueCapacity,
            model?.QueueDepth, model?.LoadedAt, slot.LastError, slot.LastErrorAt);
    }
}

/// <summary>GET /health/ready: ready or not, why not, and the state and provider of each model version.</summary>
public sealed record ReadinessResponse(string Status, IReadOnlyList<string> Problems, IReadOnlyList<ModelReadiness> Models);

/// <summary>One model version in the readiness answer.</summary>
public sealed record ModelReadiness(string Name, int Version, string State, string? Provider, string? ProviderFallbackReason, string? LastError);

/// <summary>GET /health/live.</summary>
public sealed record LivenessResponse(string Status);
