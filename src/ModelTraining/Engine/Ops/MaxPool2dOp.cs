using System.Runtime.InteropServices;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Max pooling over <paramref name="kernel"/>×<paramref name="kernel"/> windows at stride <paramref name="stride"/>
    /// (no padding, floor: a partial window at the border is dropped, as ONNX MaxPool and PyTorch do by default) of
    /// x[N, C, H, W]. The gradient goes to the first maximum of each window in row-major order. For the 2×2/2 window
    /// the forward pass records that winner (a byte per window, kept with the output), so backward reads neither the
    /// input nor the output; other windows find it again in backward. The planes are split over the cores.
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, int kernel = 2, int stride = 2)
    {
        RequireRank(nameof(MaxPool2d), x, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        int batch = x.Shape[0], channels = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (h < kernel || w < kernel) throw ShapeError(nameof(MaxPool2d), $"a {kernel}x{kernel} window does not fit", x);
        var pool = new MaxPoolKernel(h, w, kernel, stride);
        var y = Tensor.ForOp([batch, channels, pool.OutHeight, pool.OutWidth], x);
        var xd = x.Data;
        var yd = y.Data;
        var planes = batch * channels;
        // One byte per window, stored four to a float in the buffer the output keeps for its backward pass.
        var winners = y.RequiresGrad && pool.KeepsWinners ? y.SaveForBackward((planes * pool.OutPlane + 3) / 4) : null;
        ConvWorkers.Run(planes, ConvWorkers.Count(planes), (_, start, end) =>
        {
            var kept = winners is null ? default : MemoryMarshal.AsBytes(winners.AsSpan());
            for (var p = start; p < end; p++)
            {
                var input = xd.AsSpan(p * pool.InPlane, pool.InPlane);
                var output = yd.AsSpan(p * pool.OutPlane, pool.OutPlane);
                if (winners is null) pool.Forward(input, output);
                else pool.Forward(input, output, kept.Slice(p * pool.OutPlane, pool.OutPlane));
            }
        });
        y.SetBackward(result =>
        {
            var dy = result.Grad!;
            var dx = x.GradToWrite(out var overwrite);
            ConvWorkers.Run(planes, ConvWorkers.Count(planes), (_, start, end) =>
            {
                var kept = winners is null ? default : MemoryMarshal.AsBytes(winners.AsSpan());
                for (var p = start; p < end; p++)
                {
                    var gradOut = dy.AsSpan(p * pool.OutPlane, pool.OutPlane);
                    var gradIn = dx.AsSpan(p * pool.InPlane, pool.InPlane);
                    if (winners is not null)
                    {
                        pool.BackwardFromWinners(kept.Slice(p * pool.OutPlane, pool.OutPlane), gradOut, gradIn, overwrite);
                        continue;
                    }
                    pool.Backward(xd.AsSpan(p * pool.InPlane, pool.InPlane), yd.AsSpan(p * pool.OutPlane, pool.OutPlane), gradOut, gradIn, overwrite);
                }
            });
        });
        return y;
    }
}
