using DenoiseApi.ModelStore;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DenoiseApi.Inference;

/// <summary>
/// An input or output of a model file as ONNX Runtime reads it: name, element type (null when it is not a tensor) and
/// shape (-1 for a dynamic dimension).
/// </summary>
public sealed record ModelTensor(string Name, TensorElementType? ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>The inputs and outputs of <paramref name="session"/>, in the model's declaration order.</summary>
    public static (IReadOnlyList<ModelTensor> Inputs, IReadOnlyList<ModelTensor> Outputs) Of(InferenceSession session) =>
        (session.InputNames.Select(n => From(n, session.InputMetadata[n])).ToList(),
         session.OutputNames.Select(n => From(n, session.OutputMetadata[n])).ToList());

    private static ModelTensor From(string name, NodeMetadata node) =>
        new(name, node.IsTensor ? node.ElementDataType : null, node.IsTensor ? node.Dimensions.Select(d => (long)d).ToArray() : []);
}

/// <summary>The input and output the service uses, after checking the ONNX metadata against the manifest.</summary>
/// <param name="InputName">The one input, fed with [batch, 1, 28, 28].</param>
/// <param name="InputShape">Its shape; the first dimension is the dynamic batch.</param>
/// <param name="OutputName">The served output (the manifest's first).</param>
/// <param name="OutputShape">Its shape; the first dimension is the dynamic batch.</param>
public sealed record ModelContract(string InputName, IReadOnlyList<long> InputShape, string OutputName, IReadOnlyList<long> OutputShape)
{
    /// <summary>Floats per digit image the service feeds.</summary>
    public const int DigitPixels = 28 * 28;

    public int InputItemSize => (int)InputShape.Skip(1).Aggregate(1L, (a, b) => a * b);

    public IReadOnlyList<long> OutputItemShape => OutputShape.Skip(1).ToArray();

    /// <summary>Floats per output item.</summary>
    public int OutputItemSize => (int)OutputShape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>
    /// Checks that the model file (<paramref name="inputs"/>, <paramref name="outputs"/> as ONNX Runtime reads them) is what
    /// the manifest says, and that the service can feed and read it; throws <see cref="ModelLoadException"/> naming the difference.
    /// </summary>
    public static ModelContract Check(ModelManifest manifest, IReadOnlyList<ModelTensor> inputs, IReadOnlyList<ModelTensor> outputs)
    {
        if (manifest.Inputs.Count != 1 || inputs.Count != 1)
            throw new ModelLoadException($"The service feeds exactly one input; the manifest lists {manifest.Inputs.Count} and the model has {inputs.Count}.");
        var input = Match("input", manifest.Inputs[0], inputs);
        if (manifest.Outputs.Count == 0) throw new ModelLoadException("The manifest lists no output.");
        foreach (var spec in manifest.Outputs) Match("output", spec, outputs);
        var output = Match("output", manifest.Outputs[0], outputs);

        var contract = new ModelContract(input.Name, input.Shape, output.Name, output.Shape);
        if (contract.InputItemSize != DigitPixels)
            throw new ModelLoadException($"Input '{input.Name}' has shape [{Dims(input.Shape)}]; the service feeds 28x28 digits ([-1,1,28,28]).");
        var outputSize = contract.OutputItemShape.Aggregate(1L, (a, b) => a * b);
        var expected = manifest.Kind switch
        {
            ModelKind.Denoiser => outputSize == DigitPixels ? null : "a 28x28 image per item",
            ModelKind.Classifier => outputSize == 10 ? null : "10 class probabilities per item",
            ModelKind.Encoder => outputSize > 0 ? null : "a latent vector per item",
            _ => $"a known kind, not {manifest.Kind}",
        };
        if (expected is not null)
            throw new ModelLoadException($"A {manifest.Kind} must output {expected}; output '{output.Name}' has shape [{Dims(output.Shape)}].");
        return contract;
    }

    private static ModelTensor Match(string role, TensorSpec spec, IReadOnlyList<ModelTensor> nodes)
    {
        var node = nodes.FirstOrDefault(n => n.Name == spec.Name)
            ?? throw new ModelLoadException($"The manifest's {role} '{spec.Name}' is not in the model, whose {role}s are: {string.Join(", ", nodes.Select(n => n.Name))}.");
        if (node.ElementType != TensorElementType.Float || !string.Equals(spec.ElementType, "float32", StringComparison.OrdinalIgnoreCase))
            throw new ModelLoadException($"The {role} '{spec.Name}' is {node.ElementType?.ToString() ?? "not a tensor"} in the model and {spec.ElementType} in the manifest; the service serves float32 only.");
        if (!node.Shape.SequenceEqual(spec.Shape))
            throw new ModelLoadException($"The {role} '{spec.Name}' has shape [{Dims(node.Shape)}] in the model but [{Dims(spec.Shape)}] in the manifest.");
        if (node.Shape.Count < 2 || node.Shape[0] != -1 || node.Shape.Skip(1).Any(d => d <= 0))
            throw new ModelLoadException($"The {role} '{spec.Name}' has shape [{Dims(node.Shape)}]; the service needs a dynamic batch dimension first and fixed dimensions after it.");
        return node;
    }

    private static string Dims(IEnumerable<long> shape) => string.Join(",", shape);
}
