using System.Runtime.Intrinsics;

namespace DenoiseApi.Imaging.Png;

/// <summary>The Adler-32 checksum a zlib stream ends with: written by <see cref="FixedHuffmanZlib"/>, checked by <see cref="ZlibInflater"/>.</summary>
internal static class Adler32
{
    /// <summary>
    /// The Adler-32 checksum (RFC 1950 8.2), 16 bytes per step: over a run of n bytes x_j, a grows by the sum of x_j and
    /// b by n * a + the sum of (n - j) * x_j, which splits into per-step byte sums (weighted by the steps after them) and
    /// in-step weights 16..1. Runs of at most 5552 bytes keep every sum below 2^32, as in zlib.
    /// </summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int Run = 5552 / 16 * 16;
        Vector128<ushort> weightsLow = Vector128.Create((ushort)16, 15, 14, 13, 12, 11, 10, 9);
        Vector128<ushort> weightsHigh = Vector128.Create((ushort)8, 7, 6, 5, 4, 3, 2, 1);
        uint a = 1, b = 0;
        while (data.Length >= 16)
        {
            int n = Math.Min(data.Length, Run) & ~15;
            Vector128<uint> sums = Vector128<uint>.Zero, sumsBefore = Vector128<uint>.Zero, weighted = Vector128<uint>.Zero;
            for (int i = 0; i < n; i += 16)
            {
                (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(Vector128.Create(data.Slice(i, 16)));
                sumsBefore += sums;
                (Vector128<uint> s0, Vector128<uint> s1) = Vector128.Widen(low + high);
                sums += s0 + s1;
                (Vector128<uint> w0, Vector128<uint> w1) = Vector128.Widen((low * weightsLow) + (high * weightsHigh));
                weighted += w0 + w1;
            }

            ulong bSum = b + ((ulong)a * (uint)n) + (16UL * Vector128.Sum(sumsBefore)) + Vector128.Sum(weighted);
            a = (uint)((a + (ulong)Vector128.Sum(sums)) % Modulus);
            b = (uint)(bSum % Modulus);
            data = data[n..];
        }

        foreach (byte value in data)
        {
            a += value;
            b += a;
        }

        return ((b % Modulus) << 16) | (a % Modulus);
    }
}
