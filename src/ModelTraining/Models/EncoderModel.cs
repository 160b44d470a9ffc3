using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models.Graph;

namespace DenoiseApi.Training.Models;

/// <summary>
/// image [N,1,28,28] → latent [N,L]: the encoder half of an autoencoder as a model of its own. It owns no layers: its
/// forward is the autoencoder's <see cref="IAutoencoder.Encode{T}"/>, so training the autoencoder trains it and
/// exporting it writes only the encoder's nodes, named as in the autoencoder.
/// </summary>
public sealed class EncoderModel : ImageModel
{
    public const string LatentOutputName = "latent";

    private readonly DenoiserModel autoencoder;
    private readonly IAutoencoder encoder;

    public EncoderModel(DenoiserModel autoencoder) : base("encoder")
    {
        ArgumentNullException.ThrowIfNull(autoencoder);
        this.autoencoder = autoencoder;
        encoder = autoencoder as IAutoencoder ?? throw new ArgumentException($"{autoencoder.GetType().Name} has no encoder half.", nameof(autoencoder));
        OutputShape = [-1, encoder.LatentSize];
    }

    public int LatentSize => encoder.LatentSize;

    public override ModelKind Kind => ModelKind.Encoder;

    public override string Architecture => encoder.EncoderArchitecture;

    public override string OutputName => LatentOutputName;

    public override IReadOnlyList<long> OutputShape { get; }

    public override TorchSharp.torch.nn.Module ParameterOwner => autoencoder;

    public override long ParameterCount => encoder.EncoderParameterCount;

    public override T Forward<T>(ILayerGraph<T> graph, T image) => encoder.Encode(graph, image);
}
