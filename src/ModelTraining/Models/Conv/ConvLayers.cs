using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>The convolution shapes the conv models are built from.</summary>
internal static class ConvLayers
{
    /// <summary>The LeakyReLU slope of the paper's autoencoder (Keras' default is 0.3, PyTorch's 0.01).</summary>
    public const double Slope = 0.1;

    /// <summary>3x3 convolution, stride 1, padding 1: same height and width.</summary>
    public static Conv2d Same(long inChannels, long outChannels) => nn.Conv2d(inChannels, outChannels, 3, padding: 1);

    /// <summary>3x3 transposed convolution, stride 2, padding 1, output padding 1: doubles height and width (7 → 14 → 28).</summary>
    public static ConvTranspose2d Doubling(long inChannels, long outChannels) =>
        nn.ConvTranspose2d(inChannels, outChannels, 3, stride: 2, padding: 1, output_padding: 1);

    /// <summary>A layer followed by LeakyReLU(<see cref="Slope"/>).</summary>
    public static Sequential Leaky(nn.Module<Tensor, Tensor> layer) => nn.Sequential(layer, nn.LeakyReLU(Slope));
}
