namespace DenoiseApi.OnnxRuntime;

/// <summary>How much ONNX Runtime rewrites the graph when a session is created.</summary>
public enum GraphOptimizationLevel
{
    None,
    Basic,
    Extended,
    All,
}
