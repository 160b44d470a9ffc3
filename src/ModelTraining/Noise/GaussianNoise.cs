using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Noise;

/// <summary>
/// Additive Gaussian noise, <c>clip(x + σ·z, 0, 1)</c> with z standard normal from the Box-Muller transform, computed
/// 16 pixels at a time with 256-bit vectors (logarithm, square root, sine and cosine vectorised).
/// </summary>
public sealed class GaussianNoise : INoise
{
    private readonly float _sigma;

    public GaussianNoise(double sigma)
    {
        Spec = new NoiseSpec(NoiseType.Gaussian, sigma);
        _sigma = (float)sigma;
    }

    public NoiseSpec Spec { get; }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        int i = 0;
        Vector256<float> sigma = Vector256.Create(_sigma);
        Vector256<float> minusTwo = Vector256.Create(-2.0f);
        Vector256<float> twoPi = Vector256.Create(2.0f * MathF.PI);
        Vector256<float> step = Vector256.Create(1.0f / (1 << 24));
        for (; i + RandomBlock.Width <= clean.Length; i += RandomBlock.Width)
        {
            RandomBlock.NextUniform16(ref rng, out Vector256<float> u1, out Vector256<float> u2);
            u1 += step; // (0, 1]: the logarithm stays finite
            Vector256<float> radius = Vector256.Sqrt(minusTwo * Vector256.Log(u1));
            (Vector256<float> sin, Vector256<float> cos) = Vector256.SinCos(twoPi * u2);
            Store(clean, noisy, i, radius * cos, sigma);
            Store(clean, noisy, i + 8, radius * sin, sigma);
        }

        for (; i < clean.Length; i += 2)
        {
            (float z0, float z1) = rng.NextGaussianPair();
            noisy[i] = Math.Clamp(clean[i] + (_sigma * z0), 0f, 1f);
            if (i + 1 < clean.Length)
            {
                noisy[i + 1] = Math.Clamp(clean[i + 1] + (_sigma * z1), 0f, 1f);
            }
        }
    }

    private static void Store(ReadOnlySpan<float> clean, Span<float> noisy, int at, Vector256<float> z, Vector256<float> sigma)
    {
        Vector256<float> x = Vector256.Create(clean.Slice(at, 8));
        Vector256<float> y = Vector256.Min(Vector256.Max(Vector256.FusedMultiplyAdd(sigma, z, x), Vector256<float>.Zero), Vector256<float>.One);
        y.CopyTo(noisy.Slice(at, 8));
    }
}
