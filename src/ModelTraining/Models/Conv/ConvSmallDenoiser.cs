using DenoiseApi.Noise;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// The small convolutional denoiser: five 3x3 "same" convolutions 1→16→8→8→16→1 at full 28x28 resolution, ReLU between,
/// sigmoid output; exactly 3,217 parameters. The latent is the 8x28x28 map after the second convolution.
/// </summary>
public sealed class ConvSmallDenoiser : ConvDenoiser
{
    /// <summary>Fused activation slope 0: ReLU.</summary>
    private const float Relu = 0f;

    public ConvSmallDenoiser(int seed)
        : this(Xoshiro256.ForStream(seed, 0x736d616c))
    {
    }

    private ConvSmallDenoiser(Xoshiro256 rng)
        : base(BuildEncoder(ref rng), BuildDecoder(ref rng), 8, 28)
    {
    }

    public override string Architecture => "conv 3x3 same 1-16-8-8-16-1, ReLU, sigmoid output";

    private static Sequential BuildEncoder(ref Xoshiro256 rng) => new(
        Conv2d.Same(1, 16, 3, ref rng, "encoder.0", Relu),
        Conv2d.Same(16, 8, 3, ref rng, "encoder.1", Relu));

    private static Sequential BuildDecoder(ref Xoshiro256 rng) => new(
        Conv2d.Same(8, 8, 3, ref rng, "decoder.0", Relu),
        Conv2d.Same(8, 16, 3, ref rng, "decoder.1", Relu),
        Conv2d.Same(16, 1, 3, ref rng, "decoder.2"));
}
