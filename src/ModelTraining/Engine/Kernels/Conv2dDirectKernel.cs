using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Direct stride-1 convolution for layers with very few filters or input channels (the 32→1 output layer of a
/// denoiser, the 1→32 first layer) on machines without AVX2, where im2col would copy the image nine times to feed a
/// GEMM that wastes most of its 6-row tile (with AVX2 the implicit GEMM of <see cref="Conv2dShiftedKernel"/> is faster
/// for these layers too). Each image is zero-padded once into a (H+pads)×(W+pads) buffer of width Wp; a kernel tap (c, u, v)
/// then adds <c>W[f,c,u,v]·xpad[c]</c> shifted by <c>u·Wp + v</c> onto a "wide" output plane of width Wp in one
/// contiguous multiply-add over the whole plane (the Wp − OW extra columns per row collect garbage and are dropped).
/// Backward runs the same taps as dot products (dW) and shifted multiply-adds (dx) against a zero-filled wide gradient.
/// </summary>
internal static class Conv2dDirectKernel
{
    public static bool Suits(in ConvGeometry g, int filters) =>
        g.StrideHeight == 1 && g.StrideWidth == 1 && (filters <= 4 || g.Channels <= 2);

    public static void Forward(float[] x, float[] weight, float[]? bias, float[] y, int batch, int filters, ConvGeometry g, float? slope)
    {
        var pad = PaddedPlane.Of(g);
        int inSize = g.ImageSize, outPlane = g.OutHeight * g.OutWidth, outSize = filters * outPlane, taps = g.KernelHeight * g.KernelWidth;
        using var scratch = new ConvScratch(batch);
        var padded = scratch.PerWorker(g.Channels * pad.Plane);
        var wide = scratch.PerWorker(pad.WideLength);
        scratch.Run(batch, (worker, start, end) =>
        {
            var xpad = padded[worker].AsSpan();
            var ywide = wide[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                pad.Fill(x.AsSpan(n * inSize, inSize), g, xpad);
                var output = y.AsSpan(n * outSize, outSize);
                for (var f = 0; f < filters; f++)
                {
                    ywide.Fill(bias?[f] ?? 0f);
                    for (var c = 0; c < g.Channels; c++)
                    {
                        var channel = xpad.Slice(c * pad.Plane, pad.Plane);
                        var w = weight.AsSpan((f * g.Channels + c) * taps, taps);
                        for (var u = 0; u < g.KernelHeight; u++)
                        {
                            for (var v = 0; v < g.KernelWidth; v++)
                            {
                                TensorPrimitives.MultiplyAdd(channel.Slice(u * pad.Width + v, pad.WideLength), w[u * g.KernelWidth + v], ywide, ywide);
                            }
                        }
                    }
                    pad.Crop(ywide, output.Slice(f * outPlane, outPlane), g);
                }
                ConvActivation.Apply(output, slope);
            }
        });
    }

    public static void Backward(
        float[] x, float[] weight, float[] y, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int filters, ConvGeometry g, float? slope)
    {
        var pad = PaddedPlane.Of(g);
        int inSize = g.ImageSize, outPlane = g.OutHeight * g.OutWidth, outSize = filters * outPlane, taps = g.KernelHeight * g.KernelWidth;
        using var scratch = new ConvScratch(batch);
        var padded = scratch.PerWorker(dw is null ? 0 : g.Channels * pad.Plane);
        var gradPadded = scratch.PerWorker(dx is null ? 0 : g.Channels * pad.Plane);
        var wide = scratch.PerWorker(pad.Plane);
        var gradients = scratch.PerWorker(outSize);
        var weightPartials = scratch.PerWorker(dw is null ? 0 : weight.Length, zeroed: true);
        var biasPartials = scratch.PerWorker(db is null ? 0 : filters, zeroed: true);
        scratch.Run(batch, (worker, start, end) =>
        {
            var xpad = padded[worker].AsSpan();
            var dxpad = gradPadded[worker].AsSpan();
            var gwide = wide[worker].AsSpan(0, pad.WideLength);
            var gradOut = gradients[worker].AsSpan();
            var weightPartial = weightPartials[worker].AsSpan();
            var biasPartial = biasPartials[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                ConvActivation.BackwardSumPlanes(y.AsSpan(n * outSize, outSize), dy.AsSpan(n * outSize, outSize), gradOut, slope, outPlane, biasPartial);
                if (dx is null && dw is null) continue;
                if (dw is not null) pad.Fill(x.AsSpan(n * inSize, inSize), g, xpad);
                if (dx is not null) dxpad.Clear();
                for (var f = 0; f < filters; f++)
                {
                    pad.Widen(gradOut.Slice(f * outPlane, outPlane), gwide, g);
                    for (var c = 0; c < g.Channels; c++)
                    {
                        var w = weight.AsSpan((f * g.Channels + c) * taps, taps);
                        var wg = dw is null ? default : weightPartial.Slice((f * g.Channels + c) * taps, taps);
                        for (var u = 0; u < g.KernelHeight; u++)
                        {
                            for (var v = 0; v < g.KernelWidth; v++)
                            {
                                var offset = c * pad.Plane + u * pad.Width + v;
                                if (dw is not null) wg[u * g.KernelWidth + v] += TensorPrimitives.Dot(xpad.Slice(offset, pad.WideLength), gwide);
                                if (dx is not null)
                                {
                                    var target = dxpad.Slice(offset, pad.WideLength);
                                    TensorPrimitives.MultiplyAdd(gwide, w[u * g.KernelWidth + v], target, target);
                                }
                            }
                        }
                    }
                }
                if (dx is not null) pad.AddInterior(dxpad, pad.Plane, dx.AsSpan(n * inSize, inSize), g);
            }
        });
        scratch.SumInto(dw, weightPartials);
        scratch.SumInto(db, biasPartials);
    }
}
