using System.Globalization;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Turns <see cref="SessionSettings"/> into native session options.</summary>
internal static class SessionOptionsBuilder
{
    internal static readonly string[] CudnnConvAlgoSearchValues = ["EXHAUSTIVE", "HEURISTIC", "DEFAULT"];

    /// <summary>Rejects settings ORT would misread, with the offending property named.</summary>
    internal static void Validate(SessionSettings settings)
    {
        if (settings.IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.IntraOpThreads, "IntraOpThreads must be >= 0 (0 lets ONNX Runtime choose).");
        }

        if (settings.InterOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.InterOpThreads, "InterOpThreads must be >= 0 (0 lets ONNX Runtime choose).");
        }

        if (!Enum.IsDefined(settings.Optimization) || !Enum.IsDefined(settings.Provider))
        {
            throw new ArgumentException("Unknown optimization level or execution provider.", nameof(settings));
        }

        if (settings.CudaDeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.CudaDeviceId, "CudaDeviceId must be >= 0.");
        }

        if (settings.CudaMemoryLimitBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.CudaMemoryLimitBytes, "CudaMemoryLimitBytes must be positive when set.");
        }

        if (!CudnnConvAlgoSearchValues.Contains(settings.CudnnConvAlgoSearch, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"CudnnConvAlgoSearch must be one of {string.Join(", ", CudnnConvAlgoSearchValues)}; got '{settings.CudnnConvAlgoSearch}'.",
                nameof(settings));
        }
    }

    /// <summary>CPU session options: threads, spinning and graph optimization.</summary>
    internal static SessionOptionsHandle CreateCpuOptions(OrtApi api, SessionSettings settings)
    {
        var options = api.CreateSessionOptions();
        try
        {
            api.SetIntraOpNumThreads(options, settings.IntraOpThreads);
            api.SetInterOpNumThreads(options, settings.InterOpThreads);
            api.AddSessionConfigEntry(options, "session.intra_op.allow_spinning", settings.AllowSpinning ? "1" : "0");
            api.SetSessionGraphOptimizationLevel(options, OrtLevel(settings.Optimization));
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Appends the CUDA provider (V2 options) to <paramref name="options"/>; throws ORT's error when unavailable.</summary>
    internal static void AppendCuda(OrtApi api, SessionOptionsHandle options, SessionSettings settings)
    {
        using var cuda = api.CreateCudaProviderOptions();
        var entries = new List<KeyValuePair<string, string>>
        {
            new("device_id", settings.CudaDeviceId.ToString(CultureInfo.InvariantCulture)),
            new("cudnn_conv_algo_search", settings.CudnnConvAlgoSearch),
        };
        if (settings.CudaMemoryLimitBytes is { } limit)
        {
            entries.Add(new("gpu_mem_limit", limit.ToString(CultureInfo.InvariantCulture)));
        }

        api.UpdateCudaProviderOptions(cuda, entries);
        api.AppendCudaExecutionProvider(options, cuda);
    }

    private static int OrtLevel(GraphOptimizationLevel level) => level switch
    {
        GraphOptimizationLevel.None => 0,
        GraphOptimizationLevel.Basic => 1,
        GraphOptimizationLevel.Extended => 2,
        _ => 99,
    };
}
