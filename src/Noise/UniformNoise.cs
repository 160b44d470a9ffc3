using System.Runtime.Intrinsics;

namespace DenoiseApi.Noise;

/// <summary>
/// Additive uniform noise as in the Keras denoising tutorial, <c>clip(x + f·u, 0, 1)</c> with u uniform in [0, 1):
/// it only brightens, so at f = 0.9 most of the black background turns grey.
/// </summary>
public sealed class UniformNoise : INoise
{
    private readonly float _factor;

    public UniformNoise(double factor)
    {
        Spec = new NoiseSpec(NoiseType.Uniform, factor);
        _factor = (float)factor;
    }

    public NoiseSpec Spec { get; }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        Xoshiro256 random = rng; // a local copy stays in registers; the ref parameter would live in memory
        Vector256<float> factor = Vector256.Create(_factor);
        int i = 0;
        for (; i + RandomBlock.Width <= clean.Length; i += RandomBlock.Width)
        {
            RandomBlock.NextUniform16(ref random, out Vector256<float> u1, out Vector256<float> u2);
            Store(clean, noisy, i, u1, factor);
            Store(clean, noisy, i + 8, u2, factor);
        }

        for (; i < clean.Length; i += 2)
        {
            (float u1, float u2) = RandomBlock.NextUniformPair(ref random);
            noisy[i] = Math.Clamp(clean[i] + (_factor * u1), 0f, 1f);
            if (i + 1 < clean.Length)
            {
                noisy[i + 1] = Math.Clamp(clean[i + 1] + (_factor * u2), 0f, 1f);
            }
        }

        rng = random;
    }

    private static void Store(ReadOnlySpan<float> clean, Span<float> noisy, int at, Vector256<float> u, Vector256<float> factor)
    {
        Vector256<float> x = Vector256.Create(clean.Slice(at, 8));
        Vector256<float> y = Vector256.Min(Vector256.Max(Vector256.FusedMultiplyAdd(factor, u, x), Vector256<float>.Zero), Vector256<float>.One);
        y.CopyTo(noisy.Slice(at, 8));
    }
}
