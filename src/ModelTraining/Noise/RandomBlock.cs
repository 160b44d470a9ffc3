using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Noise;

/// <summary>
/// Turns 8 draws of the generator into 16 uniform floats in [0, 1) with 24 random bits each, as two vectors: lane j of
/// <c>first</c> comes from the high bits of draw j, lane j of <c>second</c> from its low bits.
/// </summary>
internal static class RandomBlock
{
    public const int Width = 16;
    private const int Mask24 = 0xFFFFFF;
    private const float Scale24 = 1.0f / (1 << 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NextUniform16(ref Xoshiro256 rng, out Vector256<float> first, out Vector256<float> second)
    {
        ulong b0 = rng.NextUInt64(), b1 = rng.NextUInt64(), b2 = rng.NextUInt64(), b3 = rng.NextUInt64();
        ulong b4 = rng.NextUInt64(), b5 = rng.NextUInt64(), b6 = rng.NextUInt64(), b7 = rng.NextUInt64();
        Vector256<int> high = Vector256.Create(
            (int)(b0 >> 40), (int)(b1 >> 40), (int)(b2 >> 40), (int)(b3 >> 40),
            (int)(b4 >> 40), (int)(b5 >> 40), (int)(b6 >> 40), (int)(b7 >> 40));
        Vector256<int> low = Vector256.Create(
            (int)(b0 >> 8) & Mask24, (int)(b1 >> 8) & Mask24, (int)(b2 >> 8) & Mask24, (int)(b3 >> 8) & Mask24,
            (int)(b4 >> 8) & Mask24, (int)(b5 >> 8) & Mask24, (int)(b6 >> 8) & Mask24, (int)(b7 >> 8) & Mask24);
        first = Vector256.ConvertToSingle(high) * Scale24;
        second = Vector256.ConvertToSingle(low) * Scale24;
    }

    /// <summary>Two uniform floats in [0, 1) from one draw, laid out as one lane of <see cref="NextUniform16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (float First, float Second) NextUniformPair(ref Xoshiro256 rng)
    {
        ulong bits = rng.NextUInt64();
        return ((bits >> 40) * Scale24, ((int)(bits >> 8) & Mask24) * Scale24);
    }

    internal static void CheckLengths(ReadOnlySpan<float> clean, Span<float> noisy)
    {
        if (clean.Length != noisy.Length)
        {
            throw new ArgumentException($"Noisy buffer has {noisy.Length} values, clean input has {clean.Length}.", nameof(noisy));
        }
    }
}
