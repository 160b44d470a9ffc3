using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models.Graph;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Export;

/// <summary>
/// A model written as an ONNX file: input "image" [-1,1,28,28] (dynamic batch), the graph its forward declaration
/// gives over <see cref="OnnxGraph"/>, one named output; IR version 8 and opset 17 (what both ONNX Runtime 1.32 and
/// Debian's onnx 1.12 checker accept). <see cref="Inputs"/> and <see cref="Outputs"/> are what the manifest records.
/// </summary>
public sealed record OnnxModelFile(byte[] Bytes, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>Name of the graph input every model shares.</summary>
    public const string InputName = "image";

    /// <summary>Input shape, -1 = dynamic batch.</summary>
    public static IReadOnlyList<long> InputShape { get; } = [-1, 1, 28, 28];

    /// <summary>
    /// Writes the graph of <paramref name="forward"/> (the model's forward declaration, given the graph and the input's
    /// value name, returning the output's), with <paramref name="metadata"/> as the model's metadata_props and
    /// <paramref name="parameterOwner"/>'s parameter names on the weights (an encoder's owner is its autoencoder).
    /// </summary>
    /// <exception cref="NotSupportedException">The forward applies a layer type that has no ONNX mapping.</exception>
    public static OnnxModelFile Write(
        Func<ILayerGraph<string>, string, string> forward, string outputName, IReadOnlyList<long> outputShape,
        string graphName, IReadOnlyDictionary<string, string>? metadata = null, nn.Module? parameterOwner = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputName);
        ArgumentNullException.ThrowIfNull(outputShape);
        var builder = new OnnxGraphBuilder(graphName);
        var graph = new OnnxGraph(builder, parameterOwner);
        using (no_grad())
        {
            graph.Output(forward(graph, graph.Input(InputName, InputShape)), outputName, outputShape);
        }

        return new OnnxModelFile(builder.ToModelBytes(metadata), builder.Inputs, builder.Outputs);
    }
}
