using DenoiseApi.ModelStore;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Options;

/// <summary>Checks <see cref="OnnxRuntimeOptions"/> at start so a bad setting stops the service with a clear message.</summary>
internal sealed class OnnxRuntimeOptionsValidator : IValidateOptions<OnnxRuntimeOptions>
{
    internal static readonly string[] LogLevels = ["Verbose", "Info", "Warning", "Error", "Fatal"];

    public ValidateOptionsResult Validate(string? name, OnnxRuntimeOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.LibraryPath))
            errors.Add($"OnnxRuntime:LibraryPath ('{options.LibraryPath}') is no longer used: ONNX Runtime comes from the build's NuGet package "
                + "(the GPU build: -p:OrtFlavor=Gpu, as deploy/docker/Dockerfile.gpu builds it); remove the setting.");
        if (!LogLevels.Contains(options.LogLevel, StringComparer.OrdinalIgnoreCase))
            errors.Add($"OnnxRuntime:LogLevel '{options.LogLevel}' is not one of {string.Join(", ", LogLevels)}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="ModelsOptions"/>: names, reload interval and every model's merged serving settings.</summary>
internal sealed class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    internal static readonly string[] Providers = ["Cpu", "Cuda"];
    internal static readonly string[] ConvAlgoSearches = ["Exhaustive", "Heuristic", "Default"];

    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Root)) errors.Add("Models:Root must name the model repository folder.");
        if (options.ReloadIntervalSeconds < 0 || double.IsNaN(options.ReloadIntervalSeconds))
            errors.Add($"Models:ReloadIntervalSeconds must be 0 (off) or positive, not {options.ReloadIntervalSeconds}.");
        foreach (var (key, value) in new[]
                 {
                     ("DefaultDenoiser", options.DefaultDenoiser), ("DefaultEncoder", options.DefaultEncoder),
                     ("DefaultClassifier", options.DefaultClassifier),
                 })
        {
            if (value is not null && !ModelLayout.IsValidName(value))
                errors.Add($"Models:{key} '{value}' is not a model name (lower-case letters, digits and dashes).");
        }
        if (!(options.CleanInputPsnrDb >= 0) || double.IsInfinity(options.CleanInputPsnrDb))
            errors.Add($"Models:CleanInputPsnrDb must be 0 (off) or a positive number of dB, not {options.CleanInputPsnrDb}.");
        foreach (var (model, version) in options.PinnedVersions)
        {
            if (version <= 0) errors.Add($"Models:PinnedVersions:{model} must be a positive version, not {version}.");
        }
        Check("Models:Defaults", options.Defaults.Over(ModelServingOptions.BuiltIn), errors);
        foreach (var model in options.Overrides.Keys)
        {
            if (!ModelLayout.IsValidName(model)) errors.Add($"Models:Overrides:{model} is not a model name.");
            Check($"Models:Overrides:{model}", options.For(model), errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string path, ModelServingOptions s, List<string> errors)
    {
        if (s.Sessions is < 1 or > 64) errors.Add($"{path}:Sessions must be between 1 and 64, not {s.Sessions}.");
        if (s.IntraOpThreads is < 0 or > 256) errors.Add($"{path}:IntraOpThreads must be between 0 (ONNX Runtime decides) and 256, not {s.IntraOpThreads}.");
        if (s.InterOpThreads is < 0 or > 256) errors.Add($"{path}:InterOpThreads must be between 0 (ONNX Runtime decides) and 256, not {s.InterOpThreads}.");
        if (!Providers.Contains(s.Provider, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{path}:Provider '{s.Provider}' is not one of {string.Join(", ", Providers)}.");
        if (s.CudaDeviceId < 0) errors.Add($"{path}:CudaDeviceId must not be negative, not {s.CudaDeviceId}.");
        if (s.CudaMemoryLimitBytes < 0) errors.Add($"{path}:CudaMemoryLimitBytes must be 0 (no limit) or positive, not {s.CudaMemoryLimitBytes}.");
        if (!ConvAlgoSearches.Contains(s.CudnnConvAlgoSearch, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{path}:CudnnConvAlgoSearch '{s.CudnnConvAlgoSearch}' is not one of {string.Join(", ", ConvAlgoSearches)}.");
        if (s.MaxBatchSize is < 1 or > 4096) errors.Add($"{path}:MaxBatchSize must be between 1 (no batching) and 4096, not {s.MaxBatchSize}.");
        if (s.MaxQueueDelayMicroseconds is < 0 or > 1_000_000)
            errors.Add($"{path}:MaxQueueDelayMicroseconds must be between 0 and 1000000, not {s.MaxQueueDelayMicroseconds}.");
        if (s.QueueCapacity is < 1 or > 1_000_000) errors.Add($"{path}:QueueCapacity must be between 1 and 1000000, not {s.QueueCapacity}.");
    }
}

/// <summary>Checks <see cref="LimitsOptions"/>.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBytes < 1024) errors.Add($"Limits:MaxRequestBytes must be at least 1024, not {options.MaxRequestBytes}.");
        if (options.MaxPixels < 28 * 28) errors.Add($"Limits:MaxPixels must be at least 784 (one 28x28 digit), not {options.MaxPixels}.");
        if (options.MaxImagesPerRequest is < 1 or > 10_000) errors.Add($"Limits:MaxImagesPerRequest must be between 1 and 10000, not {options.MaxImagesPerRequest}.");
        if (options.MaxConcurrentDecodes is < 1 or > 1024) errors.Add($"Limits:MaxConcurrentDecodes must be between 1 and 1024, not {options.MaxConcurrentDecodes}.");
        if (options.RequestDeadlineMilliseconds < 1) errors.Add($"Limits:RequestDeadlineMilliseconds must be positive, not {options.RequestDeadlineMilliseconds}.");
        if (options.RetryAfterSeconds < 1) errors.Add($"Limits:RetryAfterSeconds must be at least 1, not {options.RetryAfterSeconds}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="TelemetryOptions"/>.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    internal static readonly string[] Protocols = ["Grpc", "HttpProtobuf"];

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (options.OtlpEndpoint is { IsAbsoluteUri: false } endpoint)
            errors.Add($"Telemetry:OtlpEndpoint '{endpoint}' must be an absolute URI such as http://collector:4317.");
        if (!Protocols.Contains(options.OtlpProtocol, StringComparer.OrdinalIgnoreCase))
            errors.Add($"Telemetry:OtlpProtocol '{options.OtlpProtocol}' is not one of {string.Join(", ", Protocols)}.");
        if (options.OtlpExportIntervalMilliseconds < 100)
            errors.Add($"Telemetry:OtlpExportIntervalMilliseconds must be at least 100, not {options.OtlpExportIntervalMilliseconds}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
