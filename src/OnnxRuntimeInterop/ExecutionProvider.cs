namespace DenoiseApi.OnnxRuntime;

/// <summary>Hardware an <see cref="InferenceSession"/> runs its graph on.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's built-in CPU execution provider.</summary>
    Cpu,

    /// <summary>The CUDA execution provider; falls back to <see cref="Cpu"/> when the runtime cannot use it.</summary>
    Cuda,
}
