using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models.Graph;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>
/// A model the service can serve, as a TorchSharp module: input "image" [N,1,28,28] with pixels in [0,1] (flattened
/// inside when the model is dense), one named output. The forward pass is written once, <see cref="Forward{T}"/>, over
/// an <see cref="ILayerGraph{T}"/>: on tensors it is <see cref="forward"/> (training, evaluation), on ONNX value names it
/// is the exported graph, so the file and the module compute the same thing from the same layers and weights.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1708", Justification = "forward is TorchSharp's (PyTorch's) name; Forward<T> is the graph-generic declaration it calls.")]
public abstract class ImageModel(string name) : nn.Module<Tensor, Tensor>(name)
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

    /// <summary>The module whose <c>named_parameters()</c> name this model's weights (an encoder's is its autoencoder).</summary>
    public virtual nn.Module ParameterOwner => this;

    /// <summary>Trainable values the served graph uses.</summary>
    public virtual long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>The served output (probabilities, denoised image, latent) of <paramref name="image"/>, over any graph.</summary>
    public abstract T Forward<T>(ILayerGraph<T> graph, T image);

    public override Tensor forward(Tensor image) => Forward(TensorGraph.Instance, image);
}
