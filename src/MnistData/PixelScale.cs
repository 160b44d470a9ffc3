using System.Runtime.Intrinsics;

namespace DenoiseApi.MnistData;

/// <summary>
/// Turns 8-bit pixels into the floats in [0, 1] the models see: <c>pixel / 255f</c>, exactly (the vector division
/// rounds like the scalar one, so every byte maps to the same float either way).
/// </summary>
public static class PixelScale
{
    /// <summary><c>pixel / 255f</c> for every byte of <paramref name="pixels"/>, in a new array.</summary>
    public static float[] ToUnit(ReadOnlySpan<byte> pixels)
    {
        var result = new float[pixels.Length];
        ToUnit(pixels, result);
        return result;
    }

    /// <summary>Writes <c>pixel / 255f</c> for every byte of <paramref name="pixels"/> into <paramref name="destination"/>.</summary>
    public static void ToUnit(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException(
                $"{destination.Length} floats cannot hold {pixels.Length} pixels.", nameof(destination));
        }

        Vector256<float> divisor = Vector256.Create(255.0f);
        int i = 0;
        for (; i + Vector256<byte>.Count <= pixels.Length; i += Vector256<byte>.Count)
        {
            (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(Vector256.Create(pixels.Slice(i, Vector256<byte>.Count)));
            (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo);
            (Vector256<uint> c, Vector256<uint> d) = Vector256.Widen(hi);
            Span<float> target = destination.Slice(i, Vector256<byte>.Count);
            (Vector256.ConvertToSingle(a.AsInt32()) / divisor).CopyTo(target);
            (Vector256.ConvertToSingle(b.AsInt32()) / divisor).CopyTo(target[8..]);
            (Vector256.ConvertToSingle(c.AsInt32()) / divisor).CopyTo(target[16..]);
            (Vector256.ConvertToSingle(d.AsInt32()) / divisor).CopyTo(target[24..]);
        }

        for (; i < pixels.Length; i++)
        {
            destination[i] = pixels[i] / 255.0f;
        }
    }
}
