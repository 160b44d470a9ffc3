using DenoiseApi.Inference;
using DenoiseApi.ModelStore;

namespace DenoiseApi.Output;

/// <summary>GET /models: the runtime, the repository, readiness and why not, the models that answer requests naming none, and every model version with its state.</summary>
/// <param name="RuntimeLibrary">The NuGet package ONNX Runtime comes from: Microsoft.ML.OnnxRuntime (CPU build) or Microsoft.ML.OnnxRuntime.Gpu.Linux (GPU build).</param>
/// <param name="Problems">Why the service is not ready (empty when it is): load errors, with file paths.</param>
public sealed record ModelsResponse(
    string Root, string? RuntimeVersion, string? RuntimeLibrary, bool Ready, IReadOnlyList<string> Problems, ModelDefaults Defaults,
    IReadOnlyList<ModelVersionInfo> Models);

/// <summary>The model of each kind that answers a request naming none (/denoise and /classify?denoise=true, /encode, /classify).</summary>
public sealed record ModelDefaults(string? Denoiser, string? Encoder, string? Classifier);

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

/// <summary>
/// GET /health/ready: "ready" or "not ready", nothing more. The probe is open to anyone who reaches the pod, so the
/// reasons (load errors with file paths) are only in /models (behind the key policy) and in the log.
/// </summary>
public sealed record ReadinessResponse(string Status);

/// <summary>GET /health/live.</summary>
public sealed record LivenessResponse(string Status);
