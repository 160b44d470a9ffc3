using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DenoiseApi.Noise;

/// <summary>
/// Additive Gaussian noise, <c>clip(x + σ·z, 0, 1)</c>, with standard normal z from the Box-Muller transform computed
/// 16 pixels at a time: radius √(−2 ln u₁) and a uniform angle, built as a quarter turn k·90° (two random bits) plus
/// φ uniform in [−π/4, π/4), whose sine and cosine come from short Taylor polynomials (error below 3e-8). That keeps
/// the angle on the fast path; a general vector sine/cosine is several times slower on arguments up to 2π.
/// </summary>
public sealed class GaussianNoise : INoise
{
    private const float QuarterPi = MathF.PI / 4;

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
        Xoshiro256 random = rng; // a local copy stays in registers; the ref parameter would live in memory
        int i = 0;
        Vector256<float> sigma = Vector256.Create(_sigma);
        for (; i + RandomBlock.Width <= clean.Length; i += RandomBlock.Width)
        {
            RandomBlock.NextBits16(ref random, out Vector256<int> radiusBits, out Vector256<int> angleBits);
            (Vector256<float> z0, Vector256<float> z1) = StandardNormalPairs(radiusBits, angleBits);
            Store(clean, noisy, i, z0, sigma);
            Store(clean, noisy, i + 8, z1, sigma);
        }

        for (; i < clean.Length; i += 2)
        {
            (float z0, float z1) = random.NextGaussianPair();
            noisy[i] = Math.Clamp(clean[i] + (_sigma * z0), 0f, 1f);
            if (i + 1 < clean.Length)
            {
                noisy[i + 1] = Math.Clamp(clean[i + 1] + (_sigma * z1), 0f, 1f);
            }
        }

        rng = random;
    }

    /// <summary>Eight pairs of independent standard normals from 24-bit radius and angle numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<float> Z0, Vector256<float> Z1) StandardNormalPairs(Vector256<int> radiusBits, Vector256<int> angleBits)
    {
        // u1 in (0, 1], so the logarithm is finite.
        Vector256<float> u1 = (Vector256.ConvertToSingle(radiusBits) + Vector256<float>.One) * (1.0f / (1 << 24));
        Vector256<float> radius = Vector256.Sqrt(Vector256.Create(-2.0f) * Vector256.Log(u1));

        // Angle = k·π/2 + φ: k from the top two bits, φ in [−π/4, π/4) from the other 22.
        Vector256<float> phi = Vector256.FusedMultiplyAdd(
            Vector256.ConvertToSingle(angleBits & Vector256.Create(0x3FFFFF)),
            Vector256.Create(2 * QuarterPi / (1 << 22)),
            Vector256.Create(-QuarterPi));
        Vector256<float> p2 = phi * phi;
        Vector256<float> sin = phi * Polynomial(p2, -1f / 6, 1f / 120, -1f / 5040, 1f / 362880);
        Vector256<float> cos = Polynomial(p2, -1f / 2, 1f / 24, -1f / 720, 1f / 40320);

        // Quarter turns: 90° maps (cos, sin) to (−sin, cos); 180° negates both.
        Vector256<float> quarter = Vector256.Equals(angleBits & Vector256.Create(1 << 22), Vector256<int>.Zero).AsSingle();
        Vector256<float> half = Vector256.ShiftLeft(angleBits & Vector256.Create(1 << 23), 8).AsSingle(); // sign bit where bit 23 is set
        Vector256<float> c = Vector256.ConditionalSelect(quarter, cos, -sin) ^ half;
        Vector256<float> s = Vector256.ConditionalSelect(quarter, sin, cos) ^ half;
        return (radius * c, radius * s);
    }

    /// <summary>1 + a·x + b·x² + c·x³ + d·x⁴ (Horner).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Polynomial(Vector256<float> x, float a, float b, float c, float d)
    {
        Vector256<float> r = Vector256.FusedMultiplyAdd(Vector256.Create(d), x, Vector256.Create(c));
        r = Vector256.FusedMultiplyAdd(r, x, Vector256.Create(b));
        r = Vector256.FusedMultiplyAdd(r, x, Vector256.Create(a));
        return Vector256.FusedMultiplyAdd(r, x, Vector256<float>.One);
    }

    private static void Store(ReadOnlySpan<float> clean, Span<float> noisy, int at, Vector256<float> z, Vector256<float> sigma)
    {
        Vector256<float> x = Vector256.Create(clean.Slice(at, 8));
        Vector256<float> y = Vector256.Min(Vector256.Max(Vector256.FusedMultiplyAdd(sigma, z, x), Vector256<float>.Zero), Vector256<float>.One);
        y.CopyTo(noisy.Slice(at, 8));
    }
}
