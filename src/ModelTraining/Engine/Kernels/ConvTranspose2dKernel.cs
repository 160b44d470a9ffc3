
namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Batched transposed 2-D convolution (NCHW, weights [inChannels, outChannels, kh, kw] as in ONNX and PyTorch), the
/// adjoint of a convolution, with an optional fused ReLU/LeakyReLU: per image <c>col = Wᵀ·x</c> (one GEMM, a column
/// per input pixel) folded into the output with col2im, plus the bias, then the activation. Backward, with
/// <c>g = dy ⊙ act'(y)</c>: <c>col = unfold(g)</c>, <c>dx += W·col</c>, <c>dW += x·colᵀ</c>, <c>db += Σ g</c> (one
/// partial per worker). The geometry is the one of the convolution that maps the output back to the input. With AVX2
/// the phase split (<see cref="ConvTranspose2dPhaseKernel"/>) runs instead; this path is the reference and the fallback.
/// </summary>
internal static class ConvTranspose2dKernel
{
    /// <summary>
    /// The algorithm <see cref="ConvAlgorithm.Auto"/> picks: the phase split (<see cref="ConvTranspose2dPhaseKernel"/>,
    /// reported as <see cref="ConvAlgorithm.Shifted"/>) where it applies, else this col2im path (<see cref="ConvAlgorithm.Im2Col"/>).
    /// </summary>
    public static ConvAlgorithm Choose(in ConvGeometry g) => ConvTranspose2dPhaseKernel.Suits(g) ? ConvAlgorithm.Shifted : ConvAlgorithm.Im2Col;

    public static void Forward(
        float[] x, float[] weight, float[]? bias, float[] y, int batch, int inChannels, ConvGeometry g, float? slope, ConvAlgorithm algorithm = ConvAlgorithm.Auto)
    {
        if (Resolve(algorithm, g) == ConvAlgorithm.Shifted)
        {
            ConvTranspose2dPhaseKernel.Forward(x, weight, bias, y, batch, inChannels, g, slope);
            return;
        }
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = inChannels * positions, outSize = g.ImageSize;
        int plane = g.Height * g.Width;
        using var scratch = new ConvScratch(batch);
        var columns = scratch.PerWorker(rows * positions);
        scratch.Run(batch, (worker, start, end) =>
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
                ConvActivation.Apply(output, slope);
            }
        });
    }

    /// <summary>Accumulates into whichever of <paramref name="dx"/>, <paramref name="dw"/>, <paramref name="db"/> is given.</summary>
    public static void Backward(
        float[] x, float[] weight, float[] y, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int inChannels, ConvGeometry g, float? slope,
        ConvAlgorithm algorithm = ConvAlgorithm.Auto, bool overwriteDx = false)
    {
        if (Resolve(algorithm, g) == ConvAlgorithm.Shifted)
        {
            ConvTranspose2dPhaseKernel.Backward(x, weight, y, dy, dx, dw, db, batch, inChannels, g, slope, overwriteDx);
            return;
        }
        if (overwriteDx && dx is not null) Array.Clear(dx);
        int rows = g.ColumnRows, positions = g.ColumnCount, inSize = inChannels * positions, outSize = g.ImageSize;
        int plane = g.Height * g.Width;
        using var scratch = new ConvScratch(batch);
        var columns = scratch.PerWorker(rows * positions);
        var gradients = scratch.PerWorker(outSize);
        var weightPartials = scratch.PerWorker(dw is null ? 0 : inChannels * rows);
        var biasPartials = scratch.PerWorker(db is null ? 0 : g.Channels, zeroed: true);
        scratch.Run(batch, (worker, start, end) =>
        {
            var col = columns[worker];
            var gradOut = gradients[worker].AsSpan();
            var biasPartial = biasPartials[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                ConvActivation.BackwardSumPlanes(y.AsSpan(n * outSize, outSize), dy.AsSpan(n * outSize, outSize), gradOut, slope, plane, biasPartial);
                if (dx is null && dw is null) continue;
                Im2Col.Unfold(gradOut, g, col);
                if (dx is not null)
                {
                    Gemm.Multiply(false, false, inChannels, positions, rows, 1f, weight, rows, col, positions, 1f, dx.AsSpan(n * inSize, inSize), positions);
                }
                if (dw is not null)
                {
                    Gemm.Multiply(false, true, inChannels, rows, positions, 1f, x.AsSpan(n * inSize, inSize), positions, col, positions, n == start ? 0f : 1f, weightPartials[worker], rows);
                }
            }
        });
        scratch.SumInto(dw, weightPartials);
        scratch.SumInto(db, biasPartials);
    }

    private static ConvAlgorithm Resolve(ConvAlgorithm algorithm, in ConvGeometry g) => algorithm switch
    {
        ConvAlgorithm.Auto => Choose(g),
        ConvAlgorithm.Im2Col => ConvAlgorithm.Im2Col,
        ConvAlgorithm.Shifted when ConvTranspose2dPhaseKernel.Suits(g) => ConvAlgorithm.Shifted,
        _ => throw new ArgumentException($"A transposed convolution cannot run as {algorithm} here.", nameof(algorithm)),
    };
}
