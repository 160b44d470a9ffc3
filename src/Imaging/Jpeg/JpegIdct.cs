using System.Runtime.Intrinsics;

namespace DenoiseApi.Imaging.Jpeg;

/// <summary>
/// The 8x8 inverse DCT of JPEG (ITU-T T.81 A.3.3) computed exactly as its definition, separably: one 8-wide vector per
/// row, 128 vector multiply-adds per block. Includes dequantisation and the +128 level shift.
/// </summary>
internal static class JpegIdct
{
    /// <summary><c>Basis[u * 8 + x] = C(u) / 2 * cos((2x + 1) u pi / 16)</c>, with C(0) = 1/sqrt(2), else 1.</summary>
    private static readonly float[] Basis = BuildBasis();

    /// <param name="coefficients">64 quantised coefficients in natural (row-major) order.</param>
    /// <param name="quantisation">64 quantiser steps in natural order.</param>
    /// <param name="output">64 samples, row-major, level-shifted (nominally 0..255, not clamped).</param>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<float> quantisation, Span<float> output)
    {
        if (coefficients[1..64].IndexOfAnyExcept((short)0) < 0)
        {
            output[..64].Fill((coefficients[0] * quantisation[0] / 8f) + 128f);
            return;
        }

        Span<float> scratch = stackalloc float[64];
        for (int i = 0; i < 64; i++)
        {
            scratch[i] = coefficients[i] * quantisation[i];
        }

        ReadOnlySpan<float> basis = Basis;
        Span<Vector256<float>> rows = stackalloc Vector256<float>[8];
        for (int v = 0; v < 8; v++)
        {
            rows[v] = Vector256.Create((ReadOnlySpan<float>)scratch.Slice(v * 8, 8));
        }

        // Vertical pass: partial[y] = sum over v of Basis[v][y] * rows[v] (vectors over u).
        for (int y = 0; y < 8; y++)
        {
            Vector256<float> sum = Vector256<float>.Zero;
            for (int v = 0; v < 8; v++)
            {
                sum += rows[v] * basis[(v * 8) + y];
            }

            sum.CopyTo(scratch.Slice(y * 8, 8));
        }

        // Horizontal pass: out[y] = sum over u of partial[y][u] * Basis[u] (vectors over x).
        Vector256<float> shift = Vector256.Create(128f);
        for (int y = 0; y < 8; y++)
        {
            Vector256<float> sum = shift;
            for (int u = 0; u < 8; u++)
            {
                sum += Vector256.Create(basis.Slice(u * 8, 8)) * scratch[(y * 8) + u];
            }

            sum.CopyTo(output.Slice(y * 8, 8));
        }
    }

    private static float[] BuildBasis()
    {
        var basis = new float[64];
        for (int u = 0; u < 8; u++)
        {
            double scale = u == 0 ? Math.Sqrt(0.5) : 1.0;
            for (int x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = (float)(scale / 2 * Math.Cos((((2 * x) + 1) * u * Math.PI) / 16));
            }
        }

        return basis;
    }
}
