using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Unfolds an image into its column matrix (one row per channel × kernel offset, one column per kernel position) so
/// a convolution becomes one GEMM, and folds a column matrix back by summing every entry into the pixel it came from
/// (col2im, the adjoint). Rows are written as contiguous runs: the padding border is cleared and, at stride 1, the
/// inside is one span copy or add.
/// </summary>
internal static class Im2Col
{
    /// <summary>columns[ColumnRows × ColumnCount] = unfold(image[Channels × Height × Width]).</summary>
    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> columns)
    {
        int outW = g.OutWidth, positions = g.ColumnCount;
        var row = 0;
        for (var c = 0; c < g.Channels; c++)
        {
            var plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (var ki = 0; ki < g.KernelHeight; ki++)
            {
                for (var kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    var (lo, hi) = ValidColumns(g, kj);
                    var dst = columns.Slice(row * positions, positions);
                    for (var oy = 0; oy < g.OutHeight; oy++)
                    {
                        var line = dst.Slice(oy * outW, outW);
                        var iy = oy * g.StrideHeight - g.PadTop + ki;
                        if (iy < 0 || iy >= g.Height || lo >= hi)
                        {
                            line.Clear();
                            continue;
                        }
                        line[..lo].Clear();
                        line[hi..].Clear();
                        var src = plane.Slice(iy * g.Width, g.Width);
                        var ix = lo * g.StrideWidth - g.PadLeft + kj;
                        if (g.StrideWidth == 1)
                        {
                            src.Slice(ix, hi - lo).CopyTo(line[lo..hi]);
                        }
                        else
                        {
                            for (var ox = lo; ox < hi; ox++, ix += g.StrideWidth) line[ox] = src[ix];
                        }
                    }
                }
            }
        }
    }

    /// <summary>image[Channels × Height × Width] += fold(columns[ColumnRows × ColumnCount]).</summary>
    public static void FoldAdd(ReadOnlySpan<float> columns, in ConvGeometry g, Span<float> image)
    {
        int outW = g.OutWidth, positions = g.ColumnCount;
        var row = 0;
        for (var c = 0; c < g.Channels; c++)
        {
            var plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (var ki = 0; ki < g.KernelHeight; ki++)
            {
                for (var kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    var (lo, hi) = ValidColumns(g, kj);
                    if (lo >= hi) continue;
                    var src = columns.Slice(row * positions, positions);
                    for (var oy = 0; oy < g.OutHeight; oy++)
                    {
                        var iy = oy * g.StrideHeight - g.PadTop + ki;
                        if (iy < 0 || iy >= g.Height) continue;
                        var line = src.Slice(oy * outW, outW);
                        var dst = plane.Slice(iy * g.Width, g.Width);
                        var ix = lo * g.StrideWidth - g.PadLeft + kj;
                        if (g.StrideWidth == 1)
                        {
                            var target = dst.Slice(ix, hi - lo);
                            TensorPrimitives.Add(target, line[lo..hi], target);
                        }
                        else
                        {
                            for (var ox = lo; ox < hi; ox++, ix += g.StrideWidth) dst[ix] += line[ox];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The kernel positions [lo, hi) whose column offset <paramref name="kj"/> lands inside the image.</summary>
    private static (int Lo, int Hi) ValidColumns(in ConvGeometry g, int kj)
    {
        var lo = 0;
        while (lo < g.OutWidth && lo * g.StrideWidth - g.PadLeft + kj < 0) lo++;
        var hi = g.OutWidth;
        while (hi > lo && (hi - 1) * g.StrideWidth - g.PadLeft + kj >= g.Width) hi--;
        return (lo, hi);
    }
}
