namespace DenoiseApi.OnnxRuntime;

/// <summary>A model input or output: its name, element type and shape (-1 marks a dynamic dimension).</summary>
public sealed record NodeMetadata(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape);
