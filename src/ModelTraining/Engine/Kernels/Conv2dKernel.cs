
namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Batched 2-D convolution (NCHW, weights [filters, channels, kh, kw]) as im2col + GEMM per image, the images split
/// over the cores, with an optional fused ReLU/LeakyReLU on the output. Forward: <c>y = act(W·col + b)</c>.
/// Backward, with <c>g = dy ⊙ act'(y)</c>: <c>dW += g·colᵀ</c>, <c>db += Σ g</c> (one partial per worker, summed at
/// the end), <c>dx += fold(Wᵀ·g)</c>. The column matrix is recomputed in backward instead of kept for the batch.
/// Stride-1 convolutions run as an implicit GEMM on the padded image (<see cref="Conv2dShiftedKernel"/>, with row and
/// dot-product kernels for one or two filters); without AVX2, those with very few filters or input channels take the
/// direct path (<see cref="Conv2dDirectKernel"/>); this im2col path serves the strided ones.
/// </summary>
internal static class Conv2dKernel
{
    /// <summary>The algorithm <see cref="ConvAlgorithm.Auto"/> picks for a geometry.</summary>
    public static ConvAlgorithm Choose(in ConvGeometry g, int filters) =>
        Conv2dShiftedKernel.Suits(g) ? ConvAlgorithm.Shifted
        : Conv2dDirectKernel.Suits(g, filters) ? ConvAlgorithm.Direct
        : ConvAlgorithm.Im2Col;

    public static void Forward(
        float[] x, float[] weight, float[]? bias, float[] y, int batch, int filters, ConvGeometry g, float? slope, ConvAlgorithm algorithm = ConvAlgorithm.Auto)
    {
        algorithm = Resolve(algorithm, g, filters);
        if (algorithm == ConvAlgorithm.Direct)
        {
            Conv2dDirectKernel.Forward(x, weight, bias, y, batch, filters, g, slope);
            return;
        }
        if (algorithm == ConvAlgorithm.Shifted)
        {
            Conv2dShiftedKernel.Forward(x, weight, bias, y, batch, filters, g, slope);
            return;
        }
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = g.ImageSize, outSize = filters * positions;
        using var scratch = new ConvScratch(batch);
        var columns = scratch.PerWorker(rows * positions);
        scratch.Run(batch, (worker, start, end) =>
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
                ConvActivation.Apply(output, slope);
            }
        });
    }

    /// <summary>
    /// Accumulates into whichever of <paramref name="dx"/>, <paramref name="dw"/>, <paramref name="db"/> is given; with
    /// <paramref name="overwriteDx"/> the input gradient is written instead of added (its old contents are ignored).
    /// </summary>
    public static void Backward(
        float[] x, float[] weight, float[] y, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int filters, ConvGeometry g, float? slope,
        ConvAlgorithm algorithm = ConvAlgorithm.Auto, bool overwriteDx = false)
    {
        algorithm = Resolve(algorithm, g, filters);
        if (algorithm == ConvAlgorithm.Shifted)
        {
            Conv2dShiftedKernel.Backward(x, weight, y, dy, dx, dw, db, batch, filters, g, slope, overwriteDx);
            return;
        }
        if (overwriteDx && dx is not null) Array.Clear(dx);
        if (algorithm == ConvAlgorithm.Direct)
        {
            Conv2dDirectKernel.Backward(x, weight, y, dy, dx, dw, db, batch, filters, g, slope);
            return;
        }
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = g.ImageSize, outSize = filters * positions;
        using var scratch = new ConvScratch(batch);
        var columns = scratch.PerWorker(rows * positions);
        var gradients = scratch.PerWorker(outSize);
        var weightPartials = scratch.PerWorker(dw is null ? 0 : filters * rows);
        var biasPartials = scratch.PerWorker(db is null ? 0 : filters, zeroed: true);
        scratch.Run(batch, (worker, start, end) =>
        {
            var col = columns[worker];
            var gradOut = gradients[worker].AsSpan();
            var biasPartial = biasPartials[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                ConvActivation.BackwardSumPlanes(y.AsSpan(n * outSize, outSize), dy.AsSpan(n * outSize, outSize), gradOut, slope, positions, biasPartial);
                if (dw is not null)
                {
                    Im2Col.Unfold(x.AsSpan(n * inSize, inSize), g, col);
                    Gemm.Multiply(false, true, filters, rows, positions, 1f, gradOut, positions, col, positions, n == start ? 0f : 1f, weightPartials[worker], rows);
                }
                if (dx is not null)
                {
                    Gemm.Multiply(true, false, rows, positions, filters, 1f, weight, rows, gradOut, positions, 0f, col, positions);
                    Im2Col.FoldAdd(col, g, dx.AsSpan(n * inSize, inSize));
                }
            }
        });
        scratch.SumInto(dw, weightPartials);
        scratch.SumInto(db, biasPartials);
    }

    private static ConvAlgorithm Resolve(ConvAlgorithm algorithm, in ConvGeometry g, int filters)
    {
        if (algorithm == ConvAlgorithm.Auto) return Choose(g, filters);
        var stride1 = g.StrideHeight == 1 && g.StrideWidth == 1;
        if ((algorithm == ConvAlgorithm.Direct && !stride1) || (algorithm == ConvAlgorithm.Shifted && !Conv2dShiftedKernel.Suits(g)))
        {
            throw new ArgumentException($"The {algorithm} convolution needs stride 1 (and AVX2 for the shifted one).", nameof(algorithm));
        }
        return algorithm;
    }
}
