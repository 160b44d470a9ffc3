
namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Stride-1 convolution as an implicit GEMM on the zero-padded image (<see cref="PaddedPlane"/>, <see cref="ShiftedGemm"/>):
/// every (channel, kernel tap) is a shifted slice of the padded image, so the products read the image in place
/// instead of an im2col copy, and only the weights are packed (once per call).
/// <list type="bullet">
/// <item>Forward: <c>Y_wide[f, q] = Σ_k W[f, k]·xpad[off_k + q]</c>, k = (c, u, v), off_k = c·Plane + u·Wp + v, over
/// the wide output grid q = i·Wp + j; the crop to OutHeight×OutWidth adds the bias, then the fused activation.</item>
/// <item>Weight gradient: <c>dWᵀ[k, f] += Σ_q xpad[off_k + q]·g[f, q]</c> (g zero in the wide grid's extra columns).</item>
/// <item>Input gradient: <c>dxpad[c, P] = Σ_(f,u,v) W[f, c, u, v]·g[f, P − u·Wp − v]</c> over the padded plane (the
/// gradient sits behind a zero margin of (kh−1)·Wp + kw − 1 values, so every read is a plain shifted slice), whose
/// interior is added to dx.</item>
/// </list>
/// Images are split over the cores as in <see cref="Conv2dKernel"/>; the results equal the im2col path up to the
/// order of float additions.
/// </summary>
internal static class Conv2dShiftedKernel
{
    /// <summary>Up to this many filters the weight gradient is a set of dot products (<see cref="ShiftedGemm.MultiplyShiftedAThin"/>).</summary>
    private const int ThinFilters = 4;

    public static bool Suits(in ConvGeometry g) => ShiftedGemm.IsSupported && g.StrideHeight == 1 && g.StrideWidth == 1;

    public static void Forward(float[] x, float[] weight, float[]? bias, float[] y, int batch, int filters, ConvGeometry g, float? slope)
    {
        var pad = PaddedPlane.Of(g);
        int depth = g.ColumnRows, inSize = g.ImageSize, outPlane = g.OutHeight * g.OutWidth, outSize = filters * outPlane;
        int columns = ShiftedGemm.RoundColumns(pad.WideLength), sourceLength = SourceLength(g, pad);
        using var scratch = new ConvScratch(batch);
        var packedWeight = scratch.Shared(ShiftedGemm.PackedALength(filters, depth));
        var offsets = scratch.Offsets(depth);
        var padded = scratch.PerWorker(sourceLength, zeroed: true);
        var wide = scratch.PerWorker(ShiftedGemm.RoundRows(filters) * columns);
        ShiftedGemm.PackA(weight, filters, depth, depth, packedWeight);
        TapOffsets(g, pad, offsets);
        scratch.Run(batch, (worker, start, end) =>
        {
            var xpad = padded[worker].AsSpan();
            var ywide = wide[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                pad.CopyInterior(x.AsSpan(n * inSize, inSize), g, xpad[..(g.Channels * pad.Plane)]);
                ShiftedGemm.MultiplyShiftedB(filters, pad.WideLength, depth, packedWeight, xpad, offsets, ywide, columns, accumulate: false);
                var output = y.AsSpan(n * outSize, outSize);
                for (var f = 0; f < filters; f++)
                {
                    ConvActivation.CropBiasApply(
                        ywide[(f * columns)..], pad.Width, bias?[f] ?? 0f, output.Slice(f * outPlane, outPlane), g.OutWidth, g.OutHeight, g.OutWidth, slope);
                }
            }
        });
    }

    /// <summary>
    /// Accumulates into whichever of <paramref name="dx"/>, <paramref name="dw"/>, <paramref name="db"/> is given (the
    /// input gradient is written instead with <paramref name="overwriteDx"/>).
    /// </summary>
    public static void Backward(
        float[] x, float[] weight, float[] y, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int filters, ConvGeometry g, float? slope,
        bool overwriteDx = false)
    {
        var pad = PaddedPlane.Of(g);
        int channels = g.Channels, taps = g.KernelHeight * g.KernelWidth, depth = g.ColumnRows;
        int inSize = g.ImageSize, outPlane = g.OutHeight * g.OutWidth, outSize = filters * outPlane;
        int sourceLength = SourceLength(g, pad), planeColumns = ShiftedGemm.RoundColumns(pad.Plane);
        // Gradient rows: a zero margin, the wide gradient, zeros up to the reach of the input-gradient product.
        int margin = pad.TapOffset(g.KernelHeight - 1, g.KernelWidth - 1), gradRow = margin + planeColumns;
        int weightRows = ShiftedGemm.RoundRows(depth), weightColumns = ShiftedGemm.RoundColumns(filters);

        using var scratch = new ConvScratch(batch);
        var offsets = scratch.Offsets(weightRows);
        var gradOffsets = scratch.Offsets(filters * taps);
        var transposed = scratch.Shared(dx is null ? 0 : channels * filters * taps);
        var packedTransposed = scratch.Shared(dx is null ? 0 : ShiftedGemm.PackedALength(channels, filters * taps));
        var gradients = scratch.PerWorker(filters * gradRow, zeroed: true);
        var padded = scratch.PerWorker(dw is null ? 0 : sourceLength, zeroed: true);
        // Few filters: the weight gradient reads the gradient rows in place (a packed panel would be mostly zeros).
        var thin = filters <= ThinFilters;
        var packedGradients = scratch.PerWorker(dw is null || thin ? 0 : ShiftedGemm.PackedBLength(pad.WideLength, filters), zeroed: true);
        var weightPartials = scratch.PerWorker(dw is null ? 0 : weightRows * weightColumns, zeroed: true);
        var inputGradients = scratch.PerWorker(dx is null ? 0 : ShiftedGemm.RoundRows(channels) * planeColumns);
        var biasPartials = scratch.PerWorker(db is null ? 0 : filters, zeroed: true);
        TapOffsets(g, pad, offsets);
        offsets.AsSpan(depth, weightRows - depth).Clear();
        if (dx is not null)
        {
            // A'[c, (f, u, v)] = W[f, c, u, v], reading g at −(u·Wp + v) behind the margin of row f.
            for (var f = 0; f < filters; f++)
            {
                for (var c = 0; c < channels; c++)
                {
                    weight.AsSpan((f * channels + c) * taps, taps).CopyTo(transposed.AsSpan(c * filters * taps + f * taps, taps));
                }
                for (var u = 0; u < g.KernelHeight; u++)
                {
                    for (var v = 0; v < g.KernelWidth; v++) gradOffsets[f * taps + u * g.KernelWidth + v] = f * gradRow + margin - pad.TapOffset(u, v);
                }
            }
            ShiftedGemm.PackA(transposed, channels, filters * taps, filters * taps, packedTransposed);
        }
        scratch.Run(batch, (worker, start, end) =>
        {
            var grad = gradients[worker].AsSpan();
            var xpad = padded[worker].AsSpan();
            var packedGrad = packedGradients[worker].AsSpan();
            var weightPartial = weightPartials[worker].AsSpan();
            var dxpad = inputGradients[worker].AsSpan();
            var biasPartial = biasPartials[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                var image = y.AsSpan(n * outSize, outSize);
                var imageGrad = dy.AsSpan(n * outSize, outSize);
                for (var f = 0; f < filters; f++)
                {
                    var row = grad.Slice(f * gradRow + margin, pad.WideLength);
                    var sum = ConvActivation.BackwardRows(image.Slice(f * outPlane, outPlane), imageGrad.Slice(f * outPlane, outPlane), row, pad.Width, g.OutHeight, g.OutWidth, slope);
                    if (db is not null) biasPartial[f] += sum;
                }
                if (dw is not null)
                {
                    pad.CopyInterior(x.AsSpan(n * inSize, inSize), g, xpad[..(channels * pad.Plane)]);
                    if (thin)
                    {
                        ShiftedGemm.MultiplyShiftedAThin(depth, filters, pad.WideLength, xpad, offsets, grad[margin..], gradRow, weightPartial, weightColumns);
                    }
                    else
                    {
                        ShiftedGemm.PackB(grad[margin..], filters, pad.WideLength, gradRow, packedGrad);
                        ShiftedGemm.MultiplyShiftedA(depth, filters, pad.WideLength, xpad, offsets, packedGrad, weightPartial, weightColumns);
                    }
                }
                if (dx is not null)
                {
                    ShiftedGemm.MultiplyShiftedB(channels, pad.Plane, filters * taps, packedTransposed, grad, gradOffsets, dxpad, planeColumns, accumulate: false);
                    pad.AddInterior(dxpad, planeColumns, dx.AsSpan(n * inSize, inSize), g, overwriteDx);
                }
            }
        });
        if (dw is not null)
        {
            for (var w = 0; w < scratch.Workers; w++)
            {
                if (!scratch.Ran(w)) continue;
                var partial = weightPartials[w];
                for (var f = 0; f < filters; f++)
                {
                    for (var k = 0; k < depth; k++) dw[f * depth + k] += partial[k * weightColumns + f];
                }
            }
        }
        scratch.SumInto(db, biasPartials);
    }

    /// <summary>The padded image plus one tile of slack: the last tap's slice runs up to a whole tile past the wide grid.</summary>
    private static int SourceLength(in ConvGeometry g, PaddedPlane pad) => g.Channels * pad.Plane + Gemm.NR;

    /// <summary>offsets[(c·kh + u)·kw + v] = c·Plane + u·Wp + v, the row order of the weights.</summary>
    private static void TapOffsets(in ConvGeometry g, PaddedPlane pad, Span<int> offsets)
    {
        var k = 0;
        for (var c = 0; c < g.Channels; c++)
        {
            for (var u = 0; u < g.KernelHeight; u++)
            {
                for (var v = 0; v < g.KernelWidth; v++) offsets[k++] = c * pad.Plane + pad.TapOffset(u, v);
            }
        }
    }
}
