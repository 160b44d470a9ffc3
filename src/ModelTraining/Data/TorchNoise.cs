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
    /// <summary>A noisy copy of <paramref name="clean"/> (any shape, values in [0,1]; blind noise: images along the first dimension).</summary>
    public static Tensor Apply(NoiseSpec noise, Tensor clean)
    {
        ArgumentNullException.ThrowIfNull(clean);
        if (noise.Type == NoiseType.None) return clean.clone();
        if (noise.Type == NoiseType.Blind) return Blind(noise.Level, clean);
        using var level = tensor(noise.Level, dtype: clean.dtype, device: clean.device);
        return Apply(noise.Type, level, clean);
    }

    /// <summary>One kind of noise at <paramref name="level"/>: a scalar tensor, or one level per image that broadcasts against the images.</summary>
    private static Tensor Apply(NoiseType type, Tensor level, Tensor clean) => type switch
    {
        NoiseType.Gaussian => clean.addcmul(randn_like(clean), level, 1).clamp_(0, 1),
        NoiseType.Uniform => clean.addcmul(rand_like(clean), level, 1).clamp_(0, 1),
        NoiseType.SaltPepper => where(rand_like(clean).lt(level), rand_like(clean).lt(0.5).to_type(clean.dtype), clean),
        NoiseType.Mask => where(rand_like(clean).lt(level), zeros_like(clean), clean),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No torch form of this noise."),
    };

    /// <summary>
    /// <see cref="BlindNoise"/> on a batch: every image draws its kind (a ticket of <see cref="BlindNoise.Tickets"/>, so at the kinds' odds)
    /// and its level max·√u·scale; each kind is computed for the whole batch at the per-image levels and every image
    /// keeps the one it drew.
    /// </summary>
    private static Tensor Blind(double scale, Tensor clean)
    {
        using var scope = NewDisposeScope();
        var n = clean.shape[0];
        var perImage = new long[clean.dim()];
        Array.Fill(perImage, 1L);
        perImage[0] = n;
        var kinds = BlindNoise.Kinds;
        var tickets = tensor(BlindNoise.Tickets.Select(k => (long)k).ToArray(), device: clean.device);
        var kind = tickets.index_select(0, randint(tickets.shape[0], [n], dtype: ScalarType.Int64, device: clean.device)).reshape(perImage);
        var u = rand(perImage, dtype: clean.dtype, device: clean.device).sqrt_().mul_(scale);
        var noisy = clean.clone();
        for (var k = 0; k < kinds.Count; k++)
        {
            var max = kinds[k].Max;
            if (max.Type == NoiseType.None) continue;
            var level = u.mul(max.Level);
            noisy = where(kind.eq(k), Apply(max.Type, level, clean), noisy);
        }
        return noisy.MoveToOuterDisposeScope();
    }
}
