using DenoiseApi.ModelStore;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models;

/// <summary>
/// A model the service can serve: input "image" [N,1,28,28] with pixels in [0,1] (flattened inside when the model is
/// dense), one named output. <see cref="Module.Forward"/> returns exactly what the exported ONNX graph returns
/// (probabilities, not logits; the denoised image, not its logits), so the two can be compared value for value.
/// </summary>
public abstract class ImageModel : Module, IOnnxExportable
{
    /// <summary>Name of the graph input every model shares.</summary>
    public const string InputName = "image";

    /// <summary>Input shape, -1 = dynamic batch.</summary>
    public static IReadOnlyList<long> InputShape { get; } = [-1, 1, 28, 28];

    public abstract ModelKind Kind { get; }

    /// <summary>Human-readable architecture for the manifest.</summary>
    public abstract string Architecture { get; }

    /// <summary>Name of the graph output ("denoised", "latent", "probabilities").</summary>
    public abstract string OutputName { get; }

    /// <summary>Output shape, -1 = dynamic batch.</summary>
    public abstract IReadOnlyList<long> OutputShape { get; }

    public abstract string ExportOnnx(OnnxGraphBuilder graph, string input);

    /// <summary>
    /// Runs the model without recording a graph on <paramref name="count"/> images laid end to end in
    /// <paramref name="images"/> (784 floats each) and writes the outputs to <paramref name="output"/>.
    /// </summary>
    public void Infer(ReadOnlySpan<float> images, int count, Span<float> output)
    {
        using var _ = GradMode.Disable();
        var input = new Tensor(images[..(count * 784)].ToArray(), count, 1, 28, 28);
        var result = Forward(input);
        result.Data.AsSpan().CopyTo(output);
    }

    /// <summary>This model as the evaluators' inference delegate: (n images of 784 values, n) → n outputs.</summary>
    public Func<ReadOnlyMemory<float>, int, float[]> AsInference() => (images, count) =>
    {
        using var _ = GradMode.Disable();
        var result = Forward(new Tensor(images.Span[..(count * 784)].ToArray(), count, 1, 28, 28));
        return result.Data.ToArray();
    };
}
