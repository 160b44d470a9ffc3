using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
                if (j < width && Avx.IsSupported)
                {
                    // The last partial vector under a mask: a scalar tail would branch on every value's sign.
                    var mask = TailMask(width - j);
                    var v = Avx.MaskLoad(from + j, mask) + vb;
                    if (active) v = Vector256.Max(v, Vector256<float>.Zero) + vs * Vector256.Min(v, Vector256<float>.Zero);
                    Avx.MaskStore(to + j, mask, v);
                    j = width;
                }
                for (; j < width; j++)
                {
                    var v = from[j] + bias;
                    to[j] = active && !(v > 0f) ? s * v : v;
                }
            }
        }
    }

    /// <summary>A mask of the first <paramref name="count"/> (1–7) lanes, for the masked loads and stores of a row's end.</summary>
    private static Vector256<float> TailMask(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    /// <summary>
    /// dst[r·dstStride + j] = gradOut ⊙ (output &gt; 0 ? 1 : slope) (a copy without an activation) for rows of
    /// <paramref name="width"/> values stored contiguously in output/gradOut: spread a gradient plane over a wide grid.
    /// Returns the sum of the values written (the plane's bias gradient).
    /// </summary>
    public static float BackwardRows(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> dst, int dstStride, int rows, int width, float? slope)
    {
        if (rows <= 0 || width <= 0) return 0f;
        CheckRows(output.Length, width, rows, width);
        CheckRows(gradOut.Length, width, rows, width);
        CheckRows(dst.Length, dstStride, rows, width);
        bool active = slope is not null;
        float s = slope ?? 1f;
        var vs = Vector256.Create(s);
        var sums = Vector256<float>.Zero;
        var sum = 0f;
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
                        sums += v;
                    }
                }
                if (j < width && Avx.IsSupported)
                {
                    var mask = TailMask(width - j);
                    var v = Avx.MaskLoad(g + j, mask);
                    if (active) v *= Vector256.ConditionalSelect(Vector256.GreaterThan(Avx.MaskLoad(y + j, mask), Vector256<float>.Zero), Vector256<float>.One, vs);
                    Avx.MaskStore(to + j, mask, v);
                    sums += v;
                    j = width;
                }
                for (; j < width; j++)
                {
                    var v = active && !(y[j] > 0f) ? s * g[j] : g[j];
                    to[j] = v;
                    sum += v;
                }
            }
        }
        return sum + Vector256.Sum(sums);
    }

    private static void CheckRows(int length, int stride, int rows, int width)
    {
        if ((long)(rows - 1) * stride + width > length) throw new ArgumentException($"{rows} rows of {width} at stride {stride} need more than {length} values.");
    }

    /// <summary>The activation of one value: v for v &gt; 0 (or without an activation), slope·v otherwise.</summary>
    public static float Apply(float value, float? slope) => slope is float s && !(value > 0f) ? s * value : value;

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

    /// <summary>
    /// <see cref="Backward"/> for one image of planes of <paramref name="plane"/> values each, then biasSums[c] += the
    /// sum of plane c of gradIn for c &lt; biasSums.Length (empty when no bias gradient is wanted).
    /// </summary>
    public static void BackwardSumPlanes(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> gradIn, float? slope, int plane, Span<float> biasSums)
    {
        Backward(output, gradOut, gradIn, slope);
        for (var c = 0; c < biasSums.Length; c++) biasSums[c] += TensorPrimitives.Sum(gradIn.Slice(c * plane, plane));
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
