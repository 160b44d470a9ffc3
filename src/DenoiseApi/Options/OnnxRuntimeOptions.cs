namespace DenoiseApi.Options;

/// <summary>
/// How ONNX Runtime's process-wide environment logs (section <c>OnnxRuntime</c>). The native library itself is chosen
/// by the build (the CPU or the GPU NuGet package), not by configuration.
/// </summary>
public sealed class OnnxRuntimeOptions
{
    public const string SectionName = "OnnxRuntime";

    /// <summary>ONNX Runtime's own log level: Verbose, Info, Warning, Error or Fatal.</summary>
    public string LogLevel { get; set; } = "Warning";

    /// <summary>
    /// No longer used: the service once loaded a libonnxruntime.so.1 from this path. Set, it stops start-up with a
    /// message saying so, rather than being ignored (a GPU library named here would otherwise silently not be used).
    /// </summary>
    public string? LibraryPath { get; set; }
}

/// <summary>ONNX Runtime's log levels as <see cref="OnnxRuntimeOptions.LogLevel"/> names them.</summary>
public enum OnnxRuntimeLogLevel
{
    Verbose,
    Info,
    Warning,
    Error,
    Fatal,
}
