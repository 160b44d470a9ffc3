namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Max pooling over <paramref name="kernel"/>×<paramref name="kernel"/> windows at stride <paramref name="stride"/>
    /// (no padding, floor: a partial window at the border is dropped, as ONNX MaxPool and PyTorch do by default) of
    /// x[N, C, H, W]. The gradient goes to the first maximum of each window (the one ONNX and PyTorch pick); it is
    /// found again in backward, so nothing but the input is kept.
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, int kernel = 2, int stride = 2)
    {
        RequireRank(nameof(MaxPool2d), x, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        int batch = x.Shape[0], channels = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (h < kernel || w < kernel) throw ShapeError(nameof(MaxPool2d), $"a {kernel}x{kernel} window does not fit", x);
        int oh = (h - kernel) / stride + 1, ow = (w - kernel) / stride + 1;
        var y = Tensor.ForOp([batch, channels, oh, ow], x);
        var xd = x.Data;
        var yd = y.Data;
        var planes = batch * channels;
        Parallel.For(0, planes, p =>
        {
            var input = xd.AsSpan(p * h * w, h * w);
            var output = yd.AsSpan(p * oh * ow, oh * ow);
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var best = float.NegativeInfinity;
                    for (var u = 0; u < kernel; u++)
                    {
                        var row = input.Slice((i * stride + u) * w + j * stride, kernel);
                        foreach (var v in row)
                        {
                            if (v > best || float.IsNaN(v)) best = v;
                        }
                    }
                    output[i * ow + j] = best;
                }
            }
        });
        y.SetBackward(result =>
        {
            var dy = result.Grad!;
            var dx = x.AccumulateGrad();
            Parallel.For(0, planes, p =>
            {
                var input = xd.AsSpan(p * h * w, h * w);
                var gradIn = dx.AsSpan(p * h * w, h * w);
                var pooled = yd.AsSpan(p * oh * ow, oh * ow);
                var gradOut = dy.AsSpan(p * oh * ow, oh * ow);
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        var target = FirstMaximum(input, w, i * stride, j * stride, kernel, pooled[i * ow + j]);
                        gradIn[target] += gradOut[i * ow + j];
                    }
                }
            });
        });
        return y;
    }

    private static int FirstMaximum(ReadOnlySpan<float> plane, int width, int top, int left, int kernel, float max)
    {
        for (var u = 0; u < kernel; u++)
        {
            var offset = (top + u) * width + left;
            for (var v = 0; v < kernel; v++)
            {
                var value = plane[offset + v];
                if (value == max || (float.IsNaN(max) && float.IsNaN(value))) return offset + v;
            }
        }
        return top * width + left;
    }
}
