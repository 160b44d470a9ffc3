namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Max pooling of one H×W plane (no padding, floor mode), with a straight-line path for the common 2×2/2 window.
/// A NaN in a window wins (as in PyTorch); ties go to the first element in row-major order.
/// </summary>
internal readonly struct MaxPoolKernel
{
    private readonly int width;
    private readonly int kernel;
    private readonly int stride;

    public MaxPoolKernel(int height, int width, int kernel, int stride)
    {
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        OutHeight = (height - kernel) / stride + 1;
        OutWidth = (width - kernel) / stride + 1;
        InPlane = height * width;
    }

    public int OutHeight { get; }

    public int OutWidth { get; }

    public int InPlane { get; }

    public int OutPlane => OutHeight * OutWidth;

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var i = 0; i < OutHeight; i++)
        {
            var top = input.Slice(i * stride * width, width);
            var line = output.Slice(i * OutWidth, OutWidth);
            if (kernel == 2 && stride == 2)
            {
                var bottom = input.Slice((i * 2 + 1) * width, width);
                for (var j = 0; j < line.Length; j++)
                {
                    var best = Max(Max(top[2 * j], top[2 * j + 1]), Max(bottom[2 * j], bottom[2 * j + 1]));
                    line[j] = best;
                }
                continue;
            }
            for (var j = 0; j < line.Length; j++)
            {
                var best = float.NegativeInfinity;
                for (var u = 0; u < kernel; u++)
                {
                    var row = input.Slice((i * stride + u) * width + j * stride, kernel);
                    foreach (var v in row) best = Max(best, v);
                }
                line[j] = best;
            }
        }
    }

    /// <summary>gradIn[first argmax of each window] += gradOut.</summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> gradIn)
    {
        for (var i = 0; i < OutHeight; i++)
        {
            for (var j = 0; j < OutWidth; j++)
            {
                var max = output[i * OutWidth + j];
                var at = FirstIndexOf(input, i * stride, j * stride, max);
                gradIn[at] += gradOut[i * OutWidth + j];
            }
        }
    }

    private int FirstIndexOf(ReadOnlySpan<float> input, int top, int left, float max)
    {
        var nan = float.IsNaN(max);
        for (var u = 0; u < kernel; u++)
        {
            var offset = (top + u) * width + left;
            for (var v = 0; v < kernel; v++)
            {
                var value = input[offset + v];
                if (value == max || (nan && float.IsNaN(value))) return offset + v;
            }
        }
        return top * width + left;
    }

    /// <summary>The larger value; NaN if either is NaN (a NaN never hides behind a number).</summary>
    private static float Max(float a, float b) => a > b || float.IsNaN(a) ? a : b;
}
