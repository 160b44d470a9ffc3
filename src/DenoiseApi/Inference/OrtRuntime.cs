using System.Reflection;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace DenoiseApi.Inference;

/// <summary>
/// The process's one ONNX Runtime environment (<see cref="OrtEnv"/>, a process-wide singleton), created on first use with
/// the log level of <see cref="OnnxRuntimeOptions"/>. The native library is the one this build's NuGet package ships
/// (<see cref="Package"/>): Microsoft.ML.OnnxRuntime for the CPU build, Microsoft.ML.OnnxRuntime.Gpu.Linux for the GPU build.
/// </summary>
public sealed class OrtRuntime(IOptions<OnnxRuntimeOptions> options, ILogger<OrtRuntime> logger)
{
    private static readonly Lock Gate = new();
    private OrtEnv? _environment;

    /// <summary>The NuGet package the native library comes from (set by the build's OrtFlavor).</summary>
    public static string Package { get; } = typeof(OrtRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OnnxRuntimePackage").Value!;

    /// <summary>The environment, created (and the native library loaded) on first call.</summary>
    public OrtEnv Environment
    {
        get
        {
            lock (Gate)
            {
                if (_environment is not null) return _environment;
                if (OrtEnv.IsCreated)
                {
                    // Another host in this process (tests start several) created it; its log level stays.
                    _environment = OrtEnv.Instance();
                }
                else
                {
                    var creation = new EnvironmentCreationOptions
                    {
                        logId = "denoiseapi",
                        logLevel = Enum.Parse<OnnxRuntimeLogLevel>(options.Value.LogLevel, ignoreCase: true) switch
                        {
                            OnnxRuntimeLogLevel.Verbose => OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE,
                            OnnxRuntimeLogLevel.Info => OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO,
                            OnnxRuntimeLogLevel.Warning => OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                            OnnxRuntimeLogLevel.Error => OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                            _ => OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
                        },
                    };
                    _environment = OrtEnv.CreateInstanceWithOptions(ref creation);
                }
                Log.OrtLoaded(logger, _environment.GetVersionString(), Package);
                return _environment;
            }
        }
    }

    /// <summary>The runtime's version, or null before the environment exists.</summary>
    public string? Version => _environment?.GetVersionString();

    /// <summary>The execution providers the loaded native library was built with (CPU, and CUDA in the GPU build).</summary>
    public IReadOnlyList<string> AvailableProviders => Environment.GetAvailableProviders();
}
