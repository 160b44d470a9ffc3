using DenoiseApi.Noise;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// The paper's convolutional denoising autoencoder. Encoder: conv(1→F, 3x3 same) + LeakyReLU + 2x2 max-pool →
/// conv(F→F) + LeakyReLU + max-pool, a 7x7xF latent. Decoder: conv(F→F) + LeakyReLU, two stride-2
/// ConvTranspose(F→F, 3x3) + LeakyReLU (7 → 14 → 28), and a 3x3 conv to one logit per pixel (sigmoid output).
/// With F = 32: 37,601 parameters, about 10 MFLOP per image forward. The LeakyReLUs are fused into the convolutions.
/// </summary>
public sealed class ConvDenoisingAutoencoder : ConvDenoiser
{
    /// <summary>The LeakyReLU slope (Keras' and PyTorch's default is 0.3 and 0.01; the paper's setting is 0.1).</summary>
    public const float Slope = 0.1f;

    public ConvDenoisingAutoencoder(int filters, int seed)
        : this(filters, Xoshiro256.ForStream(seed, 0x63646165))
    {
    }

    private ConvDenoisingAutoencoder(int filters, Xoshiro256 rng)
        : base(BuildEncoder(filters, ref rng), BuildDecoder(filters, ref rng), filters, 7)
    {
        Filters = filters;
    }

    public int Filters { get; }

    public override string Architecture =>
        $"conv {Filters}-3x3+LeakyReLU+maxpool x2 to 7x7x{Filters}, conv {Filters}-3x3, ConvTranspose {Filters}-3x3/2 x2 (LeakyReLU {Slope}), conv 1-3x3 sigmoid";

    private static Sequential BuildEncoder(int filters, ref Xoshiro256 rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        return new Sequential(
            Conv2d.Same(1, filters, 3, ref rng, "encoder.0", Slope),
            new MaxPool2d(),
            Conv2d.Same(filters, filters, 3, ref rng, "encoder.2", Slope),
            new MaxPool2d());
    }

    private static Sequential BuildDecoder(int filters, ref Xoshiro256 rng) => new(
        Conv2d.Same(filters, filters, 3, ref rng, "decoder.0", Slope),
        ConvTranspose2d.Doubling(filters, filters, ref rng, "decoder.1", Slope),
        ConvTranspose2d.Doubling(filters, filters, ref rng, "decoder.2", Slope),
        Conv2d.Same(filters, 1, 3, ref rng, "decoder.3"));
}
