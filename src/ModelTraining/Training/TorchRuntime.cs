using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>Where training runs: <c>--device cpu|cuda</c>.</summary>
public enum TrainingDevice
{
    Cpu,
    Cuda,
}

/// <summary>
/// The TorchSharp runtime a run uses: the device (CUDA only when a CUDA backend package is present), the intra-op
/// thread count, and the versions the manifests record.
/// </summary>
public static class TorchRuntime
{
    /// <summary>The package a CUDA run needs instead of TorchSharp-cpu.</summary>
    public const string CudaPackage = "TorchSharp-cuda-linux";

    /// <summary>TorchSharp's version, e.g. "0.107.0".</summary>
    public static string TorchSharpVersion { get; } = typeof(torch).Assembly.GetName().Version is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v.Major}.{v.Minor}.{v.Build}")
        : "unknown";

    /// <summary>The libtorch TorchSharp loaded, e.g. "2.10.0".</summary>
    public static string LibTorchVersion => torch.__version__;

    /// <summary>"TorchSharp 0.107.0, libtorch 2.10.0" for manifests and logs.</summary>
    public static string Description => $"TorchSharp {TorchSharpVersion}, libtorch {LibTorchVersion}";

    /// <summary>The torch device for <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentException">CUDA was asked for but no CUDA backend is present.</exception>
    public static Device Select(TrainingDevice device)
    {
        if (device == TrainingDevice.Cpu) return CPU;
        if (!cuda.is_available())
        {
            throw new ArgumentException(
                $"--device cuda: no CUDA device is usable with this build's TorchSharp backend (TorchSharp-cpu). Reference the package {CudaPackage} instead of TorchSharp-cpu in src/ModelTraining and run on a machine with an NVIDIA GPU and driver.");
        }
        return CUDA;
    }

    /// <summary>Sets libtorch's intra-op threads (default: every core).</summary>
    public static int SetThreads(int? threads)
    {
        var count = threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(threads));
        set_num_threads(count);
        return count;
    }
}
