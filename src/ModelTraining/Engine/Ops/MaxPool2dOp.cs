using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Max pooling over <paramref name="kernel"/>×<paramref name="kernel"/> windows at stride <paramref name="stride"/>
    /// (no padding, floor: a partial window at the border is dropped, as ONNX MaxPool and PyTorch do by default) of
    /// x[N, C, H, W]. The gradient goes to the first maximum of each window in row-major order; it is found again in
    /// backward, so nothing but the input and output is kept. The planes are split over the cores.
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
        ConvWorkers.Run(planes, ConvWorkers.Count(planes), (_, start, end) =>
        {
            for (var p = start; p < end; p++) pool.Forward(xd.AsSpan(p * pool.InPlane, pool.InPlane), yd.AsSpan(p * pool.OutPlane, pool.OutPlane));
        });
        y.SetBackward(result =>
        {
            var dy = result.Grad!;
            var dx = x.GradToWrite(out var overwrite);
            ConvWorkers.Run(planes, ConvWorkers.Count(planes), (_, start, end) =>
            {
                for (var p = start; p < end; p++)
                {
                    pool.Backward(
                        xd.AsSpan(p * pool.InPlane, pool.InPlane), yd.AsSpan(p * pool.OutPlane, pool.OutPlane),
                        dy.AsSpan(p * pool.OutPlane, pool.OutPlane), dx.AsSpan(p * pool.InPlane, pool.InPlane), overwrite);
                }
            });
        });
        return y;
    }
}
