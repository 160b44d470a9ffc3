using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DenoiseApi.Noise;

/// <summary>
/// Turns 8 draws of the generator into 16 random 24-bit integers (or uniform floats in [0, 1)) as two vectors: lane j
/// of <c>high</c> comes from bits 40-63 of draw j, lane j of <c>low</c> from bits 8-31. Scalar tails use the same split
/// of one draw into two values.
/// </summary>
internal static class RandomBlock
{
    public const int Width = 16;
    private const int Mask24 = 0xFFFFFF;
    private const float Scale24 = 1.0f / (1 << 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NextBits16(ref Xoshiro256 rng, out Vector256<int> high, out Vector256<int> low)
    {
        Vector256<ulong> a = Vector256.Create(rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64());
        Vector256<ulong> b = Vector256.Create(rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64());
        high = Vector256.Narrow(a >>> 40, b >>> 40).AsInt32();
        low = Vector256.Narrow(a >>> 8, b >>> 8).AsInt32() & Vector256.Create(Mask24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NextUniform16(ref Xoshiro256 rng, out Vector256<float> first, out Vector256<float> second)
    {
        NextBits16(ref rng, out Vector256<int> high, out Vector256<int> low);
        first = Vector256.ConvertToSingle(high) * Scale24;
        second = Vector256.ConvertToSingle(low) * Scale24;
    }

    /// <summary>Two random 24-bit integers from one draw, split as one lane of <see cref="NextBits16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int First, int Second) NextBitsPair(ref Xoshiro256 rng)
    {
        ulong bits = rng.NextUInt64();
        return ((int)(bits >> 40), (int)(bits >> 8) & Mask24);
    }

    /// <summary>Two uniform floats in [0, 1) from one draw, as one lane of <see cref="NextUniform16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (float First, float Second) NextUniformPair(ref Xoshiro256 rng)
    {
        (int first, int second) = NextBitsPair(ref rng);
        return (first * Scale24, second * Scale24);
    }

    internal static void CheckLengths(ReadOnlySpan<float> clean, Span<float> noisy)
    {
        if (clean.Length != noisy.Length)
        {
            throw new ArgumentException($"Noisy buffer has {noisy.Length} values, clean input has {clean.Length}.", nameof(noisy));
        }
    }
}
