namespace DenoiseApi.Options;

/// <summary>Where the ONNX Runtime native library lives and how its process-wide environment logs (section <c>OnnxRuntime</c>).</summary>
public sealed class OnnxRuntimeOptions
{
    public const string SectionName = "OnnxRuntime";

    /// <summary>Full path of <c>libonnxruntime.so.1</c> (e.g. a GPU build); null searches the setup cache and the loader path.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>ONNX Runtime's own log level: Verbose, Info, Warning, Error or Fatal.</summary>
    public string LogLevel { get; set; } = "Warning";
}
