using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// The small convolutional denoiser: five 3x3 "same" convolutions 1→16→8→8→16→1 at full 28x28 resolution, ReLU between,
/// sigmoid output; exactly 3,217 parameters. The latent is the 8x28x28 map after the second convolution.
/// </summary>
public sealed class ConvSmallDenoiser : DenoiserModel, IAutoencoder
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly Flatten flatten = nn.Flatten();

    public ConvSmallDenoiser() : base("conv_small_denoiser")
    {
        encoder = nn.Sequential(ConvLayers.Same(1, 16), nn.ReLU(), ConvLayers.Same(16, 8), nn.ReLU());
        decoder = nn.Sequential(ConvLayers.Same(8, 8), nn.ReLU(), ConvLayers.Same(8, 16), nn.ReLU(), ConvLayers.Same(16, 1));
        RegisterComponents();
    }

    public int LatentSize => 8 * 28 * 28;

    public override string Architecture => "conv 3x3 same 1-16-8-8-16-1, ReLU, sigmoid output";

    public string EncoderArchitecture => "conv 3x3 same 1-16-8, ReLU, flattened 8x28x28 (encoder of conv-dae-small)";

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
