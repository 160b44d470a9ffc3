using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Batched transposed 2-D convolution (NCHW, weights [inChannels, outChannels, kh, kw] as in ONNX and PyTorch), the
/// adjoint of a convolution: per image <c>col = Wᵀ·x</c> (one GEMM, col has a column per input pixel) folded into the
/// output with col2im, plus the bias. Backward: <c>col = unfold(dy)</c>, then <c>dx += W·col</c> and
/// <c>dW += x·colᵀ</c> (one partial per worker), <c>db += Σ dy</c>. The geometry is the one of the convolution that
/// maps the output back to the input.
/// </summary>
internal static class ConvTranspose2dKernel
{
    public static void Forward(float[] x, float[] weight, float[]? bias, float[] y, int batch, int inChannels, ConvGeometry g)
    {
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = inChannels * positions, outSize = g.ImageSize;
        int plane = g.Height * g.Width;
        var workers = ConvWorkers.Count(batch);
        var columns = ConvWorkers.Rent(workers, rows * positions);
        try
        {
            ConvWorkers.Run(batch, workers, (worker, start, end) =>
            {
                var col = columns[worker];
                for (var n = start; n < end; n++)
                {
                    Gemm.Multiply(true, false, rows, positions, inChannels, 1f, weight, rows, x.AsSpan(n * inSize, inSize), positions, 0f, col, positions);
                    var output = y.AsSpan(n * outSize, outSize);
                    if (bias is null)
                    {
                        output.Clear();
                    }
                    else
                    {
                        for (var c = 0; c < g.Channels; c++) output.Slice(c * plane, plane).Fill(bias[c]);
                    }
                    Im2Col.FoldAdd(col, g, output);
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
        float[] x, float[] weight, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int inChannels, ConvGeometry g)
    {
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = inChannels * positions, outSize = g.ImageSize;
        if (db is not null) ConvBiasGradient.Accumulate(dy, db, batch, g.Channels, g.Height * g.Width);
        if (dx is null && dw is null) return;

        var workers = ConvWorkers.Count(batch);
        var columns = ConvWorkers.Rent(workers, rows * positions);
        var partials = dw is null ? [] : ConvWorkers.Rent(workers, inChannels * rows);
        var used = new bool[workers];
        try
        {
            ConvWorkers.Run(batch, workers, (worker, start, end) =>
            {
                var col = columns[worker];
                for (var n = start; n < end; n++)
                {
                    Im2Col.Unfold(dy.AsSpan(n * outSize, outSize), g, col);
                    var input = x.AsSpan(n * inSize, inSize);
                    if (dx is not null)
                    {
                        Gemm.Multiply(false, false, inChannels, positions, rows, 1f, weight, rows, col, positions, 1f, dx.AsSpan(n * inSize, inSize), positions);
                    }
                    if (dw is not null)
                    {
                        Gemm.Multiply(false, true, inChannels, rows, positions, 1f, input, positions, col, positions, n == start ? 0f : 1f, partials[worker], rows);
                        used[worker] = true;
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
