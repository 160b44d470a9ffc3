using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// The paper's convolutional denoising autoencoder with U-Net-style additive skip connections: the encoder's 28x28 and
/// 14x14 feature maps are added to the decoder's upsampled maps of the same size, so the decoder can place strokes
/// precisely instead of re-inventing their position from the 7x7 latent. Encoder (served by <c>/encode</c>, as the
/// paper's): conv(1→F) → e28, pool, conv(F→F) → e14, pool → 7x7xF latent. Decoder: conv(F→F) at 7x7;
/// ConvTranspose(F→F, stride 2) + e14; conv(F→F) at 14x14; ConvTranspose(F→F, stride 2) + e28; conv(F→F) at 28x28;
/// conv(F→1) to one logit per pixel. Every conv but the last has a LeakyReLU (slope 0.1). With F = 32: 56,097 parameters.
/// </summary>
public sealed class ConvSkipDenoiser : DenoiserModel, IAutoencoder
{
    private readonly Sequential encoder28;
    private readonly MaxPool2d pool = nn.MaxPool2d(2);
    private readonly Sequential encoder14;
    private readonly Sequential bottleneck;
    private readonly Sequential up14;
    private readonly Sequential decoder14;
    private readonly Sequential up28;
    private readonly Sequential decoder28;
    private readonly Conv2d head;
    private readonly Flatten flatten = nn.Flatten();

    public ConvSkipDenoiser(int filters) : base("conv_skip_denoiser")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        Filters = filters;
        encoder28 = ConvLayers.Leaky(ConvLayers.Same(1, filters));
        encoder14 = ConvLayers.Leaky(ConvLayers.Same(filters, filters));
        bottleneck = ConvLayers.Leaky(ConvLayers.Same(filters, filters));
        up14 = ConvLayers.Leaky(ConvLayers.Doubling(filters, filters));
        decoder14 = ConvLayers.Leaky(ConvLayers.Same(filters, filters));
        up28 = ConvLayers.Leaky(ConvLayers.Doubling(filters, filters));
        decoder28 = ConvLayers.Leaky(ConvLayers.Same(filters, filters));
        head = ConvLayers.Same(filters, 1);
        RegisterComponents();
    }

    public int Filters { get; }

    public int LatentSize => Filters * 7 * 7;

    public override string Architecture =>
        $"conv {Filters}-3x3+LeakyReLU+maxpool x2 to 7x7x{Filters}, conv {Filters}-3x3, ConvTranspose {Filters}-3x3/2 + skip 14x14, conv {Filters}-3x3, ConvTranspose {Filters}-3x3/2 + skip 28x28, conv {Filters}-3x3 (LeakyReLU {ConvLayers.Slope}), conv 1-3x3 sigmoid";

    public string EncoderArchitecture => $"conv {Filters}-3x3+LeakyReLU+maxpool x2, flattened 7x7x{Filters} (encoder of conv-dae-skip)";

    public long EncoderParameterCount => encoder28.parameters().Concat(encoder14.parameters()).Sum(p => p.numel());

    public T Encode<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var e14 = graph.Apply(encoder14, graph.Apply(pool, graph.Apply(encoder28, image)));
        return graph.Apply(flatten, graph.Apply(pool, e14));
    }

    public override T Logits<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var e28 = graph.Apply(encoder28, image);
        var e14 = graph.Apply(encoder14, graph.Apply(pool, e28));
        var latent = graph.Apply(pool, e14);
        var d14 = graph.Apply(decoder14, graph.Add(graph.Apply(up14, graph.Apply(bottleneck, latent)), e14));
        var d28 = graph.Apply(decoder28, graph.Add(graph.Apply(up28, d14), e28));
        return graph.Apply(head, d28);
    }
}
