using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models.Graph;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>
/// image [N,1,28,28] → denoised [N,1,28,28]: <see cref="Logits{T}"/> then a sigmoid, the last layer applied. Trained on
/// (noisy, clean) pairs with binary cross-entropy from the logits (numerically stable).
/// </summary>
public abstract class DenoiserModel(string name) : ImageModel(name)
{
    public const string DenoisedOutputName = "denoised";

    private readonly nn.Module<Tensor, Tensor> output = nn.Sigmoid();

    public override ModelKind Kind => ModelKind.Denoiser;

    public override string OutputName => DenoisedOutputName;

    public override IReadOnlyList<long> OutputShape { get; } = [-1, 1, 28, 28];

    /// <summary>One logit per pixel, shaped [N,1,28,28].</summary>
    public abstract T Logits<T>(ILayerGraph<T> graph, T image);

    public sealed override T Forward<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(output, Logits(graph, image));
    }

    /// <summary>Mean binary cross-entropy of the reconstruction of <paramref name="noisy"/> against <paramref name="clean"/>.</summary>
    public Tensor Loss(Tensor noisy, Tensor clean) =>
        nn.functional.binary_cross_entropy_with_logits(Logits(TensorGraph.Instance, noisy), clean);
}
