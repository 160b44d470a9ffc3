namespace DenoiseApi.OnnxRuntime;

/// <summary>Minimum severity ONNX Runtime logs at; values match ORT's <c>OrtLoggingLevel</c>.</summary>
public enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
