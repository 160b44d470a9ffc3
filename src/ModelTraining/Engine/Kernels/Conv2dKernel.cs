using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Batched 2-D convolution (NCHW, weights [filters, channels, kh, kw]) as im2col + GEMM per image, the images split
/// over the cores. Forward: <c>y[f, p] = Σ_r W[f, r]·col[r, p] + b[f]</c>. Backward: <c>dW += dy·colᵀ</c> (one partial
/// per worker, summed at the end), <c>dx += fold(Wᵀ·dy)</c>, <c>db += Σ_p dy</c>. The column matrix is recomputed in
/// backward instead of being kept for the whole batch.
/// </summary>
internal static class Conv2dKernel
{
    public static void Forward(float[] x, float[] weight, float[]? bias, float[] y, int batch, int filters, ConvGeometry g)
    {
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = g.ImageSize, outSize = filters * positions;
        var workers = ConvWorkers.Count(batch);
        var columns = ConvWorkers.Rent(workers, rows * positions);
        try
        {
            ConvWorkers.Run(batch, workers, (worker, start, end) =>
            {
                var col = columns[worker];
                for (var n = start; n < end; n++)
                {
                    Im2Col.Unfold(x.AsSpan(n * inSize, inSize), g, col);
                    var output = y.AsSpan(n * outSize, outSize);
                    if (bias is not null)
                    {
                        for (var f = 0; f < filters; f++) output.Slice(f * positions, positions).Fill(bias[f]);
                    }
                    Gemm.Multiply(false, false, filters, positions, rows, 1f, weight, rows, col, positions, bias is null ? 0f : 1f, output, positions);
                }
            });
        }
        finally
        {
            ConvWorkers.Return(columns);
        }
    }

    /// <summary>Accumulates into whichever of <paramref name="dx"/>, <paramref name="dw"/>, <paramref name="db"/> is given.</summary>
    public static void Backward(
        float[] x, float[] weight, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int filters, ConvGeometry g)
    {
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = g.ImageSize, outSize = filters * positions;
        if (db is not null) ConvBiasGradient.Accumulate(dy, db, batch, filters, positions);
        if (dx is null && dw is null) return;

        var workers = ConvWorkers.Count(batch);
        var columns = ConvWorkers.Rent(workers, rows * positions);
        var partials = dw is null ? [] : ConvWorkers.Rent(workers, filters * rows);
        var used = new bool[workers];
        try
        {
            ConvWorkers.Run(batch, workers, (worker, start, end) =>
            {
                var col = columns[worker];
                for (var n = start; n < end; n++)
                {
                    var gradOut = dy.AsSpan(n * outSize, outSize);
                    if (dw is not null)
                    {
                        Im2Col.Unfold(x.AsSpan(n * inSize, inSize), g, col);
                        Gemm.Multiply(false, true, filters, rows, positions, 1f, gradOut, positions, col, positions, n == start ? 0f : 1f, partials[worker], rows);
                        used[worker] = true;
                    }
                    if (dx is not null)
                    {
                        Gemm.Multiply(true, false, rows, positions, filters, 1f, weight, rows, gradOut, positions, 0f, col, positions);
                        Im2Col.FoldAdd(col, g, dx.AsSpan(n * inSize, inSize));
                    }
                }
            });
            if (dw is not null)
            {
                for (var w = 0; w < workers; w++)
                {
                    if (used[w]) TensorPrimitives.Add(dw, partials[w], dw);
                }
            }
        }
        finally
        {
            ConvWorkers.Return(columns);
            ConvWorkers.Return(partials);
        }
    }
}
