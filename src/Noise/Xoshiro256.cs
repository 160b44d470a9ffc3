using System.Numerics;
using System.Runtime.CompilerServices;

namespace DenoiseApi.Noise;

/// <summary>
/// xoshiro256** (Blackman and Vigna): a small, fast, seedable generator with a 2^256 period, seeded through
/// SplitMix64. It is a mutable struct: pass it by <c>ref</c>, give each thread its own (see <see cref="ForStream"/>),
/// and never copy one expecting both copies to diverge. The output for a seed is the same on every machine and
/// every .NET version, which is what makes noise, shuffles and splits reproducible.
/// </summary>
public struct Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator with the given raw state (not all zero); for checking the algorithm against its reference.</summary>
    internal Xoshiro256(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("xoshiro256** state must not be all zero.");
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>
    /// An independent generator for one stream of work, e.g. (seed, epoch, image index): the three numbers are hashed
    /// together, so noise for image i does not depend on which thread or batch handled it.
    /// </summary>
    public static Xoshiro256 ForStream(long seed, long stream, long substream = 0)
    {
        ulong x = unchecked((ulong)seed);
        ulong h = SplitMix64(ref x);
        h ^= unchecked((ulong)stream) * 0x9E3779B97F4A7C15UL;
        h = Mix(h);
        h ^= unchecked((ulong)substream) * 0xC2B2AE3D27D4EB4FUL;
        return new Xoshiro256(Mix(h));
    }

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong m = (NextUInt64() >> 32) * (ulong)bound;
        uint low = (uint)m;
        if (low < (uint)bound)
        {
            uint threshold = (uint)(-bound) % (uint)bound;
            while (low < threshold)
            {
                m = (NextUInt64() >> 32) * (ulong)bound;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>Two independent standard normal samples (Box-Muller transform).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (float First, float Second) NextGaussianPair()
    {
        ulong bits = NextUInt64();
        // u1 in (0, 1]: never 0, so the logarithm is finite; u2 in [0, 1).
        float u1 = ((bits >> 40) + 1) * (1.0f / (1 << 24));
        float u2 = ((bits >> 8) & 0xFFFFFF) * (1.0f / (1 << 24));
        float radius = MathF.Sqrt(-2.0f * MathF.Log(u1));
        (float sin, float cos) = MathF.SinCos(2.0f * MathF.PI * u2);
        return (radius * cos, radius * sin);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
