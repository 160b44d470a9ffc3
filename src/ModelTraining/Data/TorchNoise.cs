using DenoiseApi.Noise;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Data;

/// <summary>
/// src/Noise's corruptions (<see cref="NoiseType"/> defines them) computed in torch on a batch, for training: the same
/// distributions, drawn from torch's seeded generator on the batch's device instead of per-image xoshiro streams, so a
/// training step needs no host copy. Evaluation keeps src/Noise's exact streams (<c>NoisyTestSet</c>).
/// </summary>
public static class TorchNoise
{
    /// <summary>A noisy copy of <paramref name="clean"/> (any shape, values in [0,1]).</summary>
    public static Tensor Apply(NoiseSpec noise, Tensor clean)
    {
        ArgumentNullException.ThrowIfNull(clean);
        var level = noise.Level;
        return noise.Type switch
        {
            NoiseType.None => clean.clone(),
            NoiseType.Gaussian => clean.add(randn_like(clean), alpha: level).clamp_(0, 1),
            NoiseType.Uniform => clean.add(rand_like(clean), alpha: level).clamp_(0, 1),
            NoiseType.SaltPepper => where(rand_like(clean).lt(level), rand_like(clean).lt(0.5).to_type(clean.dtype), clean),
            NoiseType.Mask => where(rand_like(clean).lt(level), zeros_like(clean), clean),
            _ => throw new ArgumentOutOfRangeException(nameof(noise), noise, "No torch form of this noise."),
        };
    }
}
