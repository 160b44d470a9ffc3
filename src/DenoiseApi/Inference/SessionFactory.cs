using System.Globalization;
using DenoiseApi.Options;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace DenoiseApi.Inference;

/// <summary>A session as created, with the execution provider it got and, when that is not the one asked for, why.</summary>
public sealed record CreatedSession(InferenceSession Session, string Provider, string? ProviderFallbackReason);

/// <summary>
/// The one place where session options and execution providers are chosen from configuration: threads, spinning and
/// graph optimization for every session; the CUDA execution provider (with its device id, memory limit and cuDNN
/// search) when <see cref="ModelServingOptions.Provider"/> is Cuda. A CUDA provider that cannot be appended or created
/// — the CPU build, a GPU build without CUDA 13 / cuDNN 9 libraries or without a GPU, a mismatched native library — leaves
/// the session on the CPU with ONNX Runtime's reason.
/// </summary>
public static class SessionFactory
{
    /// <summary>Creates a session of <paramref name="modelFile"/>; throws <see cref="OnnxRuntimeException"/> when ONNX Runtime rejects the model.</summary>
    public static CreatedSession Create(string modelFile, ModelServingOptions serving, bool useCuda)
    {
        if (useCuda)
        {
            string reason;
            try
            {
                using var options = CpuOptions(serving);
                AppendCuda(options, serving);
                return new CreatedSession(new InferenceSession(modelFile, options), "Cuda", null);
            }
            catch (OnnxRuntimeException e)
            {
                reason = e.Message;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // The loaded libonnxruntime has no CUDA entry point: the CPU library won over the GPU one.
                reason = $"{e.GetType().Name}: {e.Message}";
            }
            // Fresh options: the failed ones may hold a half-registered provider. A model ONNX Runtime cannot load at
            // all fails again here, with the CPU's own error.
            using var cpu = CpuOptions(serving);
            return new CreatedSession(new InferenceSession(modelFile, cpu), "Cpu", reason);
        }

        using var cpuOnly = CpuOptions(serving);
        return new CreatedSession(new InferenceSession(modelFile, cpuOnly), "Cpu", null);
    }

    /// <summary>Whether the serving settings ask for the CUDA execution provider.</summary>
    public static bool AsksForCuda(ModelServingOptions serving) => string.Equals(serving.Provider, "Cuda", StringComparison.OrdinalIgnoreCase);

    private static SessionOptions CpuOptions(ModelServingOptions serving)
    {
        var options = new SessionOptions();
        try
        {
            options.IntraOpNumThreads = serving.IntraOpThreads!.Value;
            options.InterOpNumThreads = serving.InterOpThreads!.Value;
            options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", serving.AllowSpinning!.Value ? "1" : "0");
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private static void AppendCuda(SessionOptions options, ModelServingOptions serving)
    {
        using var cuda = new OrtCUDAProviderOptions();
        var settings = new Dictionary<string, string>
        {
            ["device_id"] = serving.CudaDeviceId!.Value.ToString(CultureInfo.InvariantCulture),
            ["cudnn_conv_algo_search"] = serving.CudnnConvAlgoSearch!.ToUpperInvariant(),
        };
        if (serving.CudaMemoryLimitBytes is { } limit && limit > 0)
            settings["gpu_mem_limit"] = limit.ToString(CultureInfo.InvariantCulture);
        cuda.UpdateOptions(settings);
        options.AppendExecutionProvider_CUDA(cuda);
    }
}
