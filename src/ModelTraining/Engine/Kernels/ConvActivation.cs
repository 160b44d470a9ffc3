using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The activation a convolution can apply to its own output while it is still in cache: none, ReLU (slope 0) or
/// LeakyReLU (slope s): <c>y = max(z, 0) + s·min(z, 0)</c>. Its gradient is read back from the output's sign
/// (<c>y &gt; 0</c> exactly when <c>z &gt; 0</c> for a slope ≥ 0), so the pre-activation is never stored.
/// </summary>
internal static unsafe class ConvActivation
{
    /// <summary>
    /// dst[r·dstStride + j] = act(src[r·srcStride + j] + bias) for r &lt; rows, j &lt; width: crop a wide GEMM result
    /// into an output plane, add the bias and apply the activation in one pass.
    /// </summary>
    public static void CropBiasApply(ReadOnlySpan<float> src, int srcStride, float bias, Span<float> dst, int dstStride, int rows, int width, float? slope)
    {
        if (rows <= 0 || width <= 0) return;
        CheckRows(src.Length, srcStride, rows, width);
        CheckRows(dst.Length, dstStride, rows, width);
        bool active = slope is not null;
        float s = slope ?? 1f;
        var vb = Vector256.Create(bias);
        var vs = Vector256.Create(s);
        fixed (float* ps = src)
        fixed (float* pd = dst)
        {
            for (var r = 0; r < rows; r++)
            {
                float* from = ps + (long)r * srcStride, to = pd + (long)r * dstStride;
                var j = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; j <= width - 8; j += 8)
                    {
                        var v = Vector256.Load(from + j) + vb;
                        if (active) v = Vector256.Max(v, Vector256<float>.Zero) + vs * Vector256.Min(v, Vector256<float>.Zero);
                        v.Store(to + j);
                    }
                }
                for (; j < width; j++)
                {
                    var v = from[j] + bias;
                    to[j] = active && !(v > 0f) ? s * v : v;
                }
            }
        }
    }

    /// <summary>
    /// dst[r·dstStride + j] = gradOut ⊙ (output &gt; 0 ? 1 : slope) (a copy without an activation) for rows of
    /// <paramref name="width"/> values stored contiguously in output/gradOut: spread a gradient plane over a wide grid.
    /// </summary>
    public static void BackwardRows(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> dst, int dstStride, int rows, int width, float? slope)
    {
        if (rows <= 0 || width <= 0) return;
        CheckRows(output.Length, width, rows, width);
        CheckRows(gradOut.Length, width, rows, width);
        CheckRows(dst.Length, dstStride, rows, width);
        bool active = slope is not null;
        float s = slope ?? 1f;
        var vs = Vector256.Create(s);
        fixed (float* py = output)
        fixed (float* pg = gradOut)
        fixed (float* pd = dst)
        {
            for (var r = 0; r < rows; r++)
            {
                float* y = py + (long)r * width, g = pg + (long)r * width, to = pd + (long)r * dstStride;
                var j = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; j <= width - 8; j += 8)
                    {
                        var v = Vector256.Load(g + j);
                        if (active) v *= Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(y + j), Vector256<float>.Zero), Vector256<float>.One, vs);
                        v.Store(to + j);
                    }
                }
                for (; j < width; j++) to[j] = active && !(y[j] > 0f) ? s * g[j] : g[j];
            }
        }
    }

    private static void CheckRows(int length, int stride, int rows, int width)
    {
        if ((long)(rows - 1) * stride + width > length) throw new ArgumentException($"{rows} rows of {width} at stride {stride} need more than {length} values.");
    }

    public static void Apply(Span<float> values, float? slope)
    {
        if (slope is not float s) return;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= values.Length - 8; i += 8)
            {
                var v = Vector256.Create(values.Slice(i, 8));
                (Vector256.Max(v, Vector256<float>.Zero) + vs * Vector256.Min(v, Vector256<float>.Zero)).CopyTo(values.Slice(i));
            }
        }
        for (; i < values.Length; i++) values[i] = values[i] > 0f ? values[i] : s * values[i];
    }

    /// <summary>gradIn = gradOut ⊙ (output &gt; 0 ? 1 : slope), or a plain copy without an activation.</summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> gradIn, float? slope)
    {
        if (slope is not float s)
        {
            gradOut.CopyTo(gradIn);
            return;
        }
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            var one = Vector256<float>.One;
            for (; i <= output.Length - 8; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(output.Slice(i, 8)), Vector256<float>.Zero);
                (Vector256.Create(gradOut.Slice(i, 8)) * Vector256.ConditionalSelect(positive, one, vs)).CopyTo(gradIn.Slice(i));
            }
        }
        for (; i < output.Length; i++) gradIn[i] = output[i] > 0f ? gradOut[i] : s * gradOut[i];
    }

    public static void Validate(string op, float? slope)
    {
        if (slope is float s && (!float.IsFinite(s) || s < 0f || s >= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(slope), s, $"{op}: the activation slope must be in [0, 1) (0 = ReLU).");
        }
    }
}
