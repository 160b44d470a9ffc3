using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// The convolution shapes the conv models are built from. Every convolution's weight is stored channels-last (NHWC
/// strides, same values and shape), so libtorch's oneDNN convolutions run on plain NHWC activations instead of
/// 16-channel blocked ones. With blocked activations, libtorch 2.10 (TorchSharp-cpu 0.107.0) on this AVX-512 CPU
/// returned NaN input gradients at random for convolutions whose channel count is not a multiple of 16 (the padded
/// blocks): conv-dae-small's first backward pass had NaN gradients for 7 of 12 fresh models, which made its first
/// epoch's mean loss NaN; channels-last weights: 0 of 40, and the step is faster. Float64 or oneDNN off (40x slower)
/// also avoided it. ConvLayerNumericsTests keeps the gradients finite and equal to the NCHW float64 ones.
/// </summary>
internal static class ConvLayers
{
    /// <summary>The LeakyReLU slope of the paper's autoencoder (Keras' default is 0.3, PyTorch's 0.01).</summary>
    public const double Slope = 0.1;

    /// <summary>3x3 convolution, stride 1, padding 1: same height and width.</summary>
    public static Conv2d Same(long inChannels, long outChannels)
    {
        var conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        conv.weight = ChannelsLast(conv.weight!);
        return conv;
    }

    /// <summary>3x3 transposed convolution, stride 2, padding 1, output padding 1: doubles height and width (7 → 14 → 28).</summary>
    public static ConvTranspose2d Doubling(long inChannels, long outChannels)
    {
        var conv = nn.ConvTranspose2d(inChannels, outChannels, 3, stride: 2, padding: 1, output_padding: 1);
        conv.weight = ChannelsLast(conv.weight!);
        return conv;
    }

    /// <summary>A layer followed by LeakyReLU(<see cref="Slope"/>).</summary>
    public static Sequential Leaky(nn.Module<Tensor, Tensor> layer) => nn.Sequential(layer, nn.LeakyReLU(Slope));

    /// <summary>
    /// The same 4-d weight with channels-last strides (PyTorch's <c>memory_format=torch.channels_last</c>; TorchSharp
    /// 0.107 has no such argument, so it is the NHWC copy viewed back as NCHW).
    /// </summary>
    private static Parameter ChannelsLast(Parameter weight) =>
        // detach() last: the new leaf is no view autograd tracks, so the optimizer may update it in place.
        new(weight.detach().permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).detach());
}
