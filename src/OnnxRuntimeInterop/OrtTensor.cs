namespace DenoiseApi.OnnxRuntime;

/// <summary>A float output copied out of ONNX Runtime: its name, row-major data and shape.</summary>
public sealed record OrtTensor(string Name, float[] Data, long[] Shape);
