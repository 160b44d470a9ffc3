using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// The paper's convolutional denoising autoencoder. Encoder: conv(1→F, 3x3 same) + LeakyReLU + 2x2 max-pool →
/// conv(F→F) + LeakyReLU + max-pool, a 7x7xF latent. Decoder: conv(F→F) + LeakyReLU, two stride-2
/// ConvTranspose(F→F, 3x3) + LeakyReLU (7 → 14 → 28), and a 3x3 conv to one logit per pixel (sigmoid output).
/// With F = 32: 37,601 parameters.
/// </summary>
public sealed class ConvDenoisingAutoencoder : DenoiserModel, IAutoencoder
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly Flatten flatten = nn.Flatten();

    public ConvDenoisingAutoencoder(int filters) : base("conv_denoising_autoencoder")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        Filters = filters;
        encoder = nn.Sequential(
            ConvLayers.Same(1, filters), nn.LeakyReLU(ConvLayers.Slope), nn.MaxPool2d(2),
            ConvLayers.Same(filters, filters), nn.LeakyReLU(ConvLayers.Slope), nn.MaxPool2d(2));
        decoder = nn.Sequential(
            ConvLayers.Same(filters, filters), nn.LeakyReLU(ConvLayers.Slope),
            ConvLayers.Doubling(filters, filters), nn.LeakyReLU(ConvLayers.Slope),
            ConvLayers.Doubling(filters, filters), nn.LeakyReLU(ConvLayers.Slope),
            ConvLayers.Same(filters, 1));
        RegisterComponents();
    }

    public int Filters { get; }

    public int LatentSize => Filters * 7 * 7;

    public override string Architecture =>
        $"conv {Filters}-3x3+LeakyReLU+maxpool x2 to 7x7x{Filters}, conv {Filters}-3x3, ConvTranspose {Filters}-3x3/2 x2 (LeakyReLU {ConvLayers.Slope}), conv 1-3x3 sigmoid";

    public string EncoderArchitecture => $"conv {Filters}-3x3+LeakyReLU+maxpool x2, flattened 7x7x{Filters} (encoder of the paper's conv DAE)";

    public long EncoderParameterCount => encoder.parameters().Sum(p => p.numel());

    public T Encode<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(flatten, graph.Apply(encoder, image));
    }

    public override T Logits<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(decoder, graph.Apply(encoder, image));
    }
}
