using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Max pooling of one H×W plane (no padding, floor mode). A NaN in a window wins (as in PyTorch); ties go to the first
/// element in row-major order. The common 2×2/2 window has its own path: eight (then four) windows at a time with
/// AVX/SSE, the two rows of each window split into their even and odd columns by shuffles, the same comparisons as the
/// scalar rule in the same order, so both paths give identical results.
/// </summary>
internal readonly unsafe struct MaxPoolKernel
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

    private bool IsTwoByTwo => kernel == 2 && stride == 2;

    /// <summary>
    /// Whether <see cref="Forward(ReadOnlySpan{float}, Span{float}, Span{byte})"/> can record each window's winner (the
    /// 2×2/2 window with AVX2), so that backward needs neither the input nor the output.
    /// </summary>
    public bool KeepsWinners => IsTwoByTwo && Avx2.IsSupported;

    /// <summary>
    /// The pooled plane, and winners[j] = the position (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right) of
    /// window j's first maximum, by the same rule as <see cref="Backward"/> (only where <see cref="KeepsWinners"/>).
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Span<byte> winners)
    {
        if (!KeepsWinners) throw new InvalidOperationException("Only the 2x2/2 window with AVX2 records its winners.");
        if (input.Length < InPlane || output.Length < OutPlane || winners.Length < OutPlane) throw new ArgumentException("Plane buffers too short.");
        fixed (float* pin = input)
        fixed (float* pout = output)
        fixed (byte* pw = winners)
        {
            for (var i = 0; i < OutHeight; i++)
            {
                long top = 2L * i * width, row = (long)i * OutWidth;
                ForwardRow2x2(pin + top, pin + top + width, pout + row, OutWidth);
                WinnersRow2x2(pin + top, pin + top + width, pout + row, pw + row, OutWidth);
            }
        }
    }

    /// <summary>
    /// <see cref="Backward"/> from the winners recorded in forward: gradIn[winner of each window] (+)= gradOut, written
    /// (zeros elsewhere) when <paramref name="overwrite"/>.
    /// </summary>
    public void BackwardFromWinners(ReadOnlySpan<byte> winners, ReadOnlySpan<float> gradOut, Span<float> gradIn, bool overwrite)
    {
        if (!KeepsWinners) throw new InvalidOperationException("Only the 2x2/2 window with AVX2 records its winners.");
        if (winners.Length < OutPlane || gradOut.Length < OutPlane || gradIn.Length < InPlane) throw new ArgumentException("Plane buffers too short.");
        fixed (byte* pw = winners)
        fixed (float* pg = gradOut)
        fixed (float* pdx = gradIn)
        {
            for (var i = 0; i < OutHeight; i++)
            {
                long top = 2L * i * width, bottom = top + width, row = (long)i * OutWidth;
                var j = 0;
                for (; j <= OutWidth - 8; j += 8)
                {
                    var at = Avx2.ConvertToVector256Int32(pw + row + j);
                    var g = Avx.LoadVector256(pg + row + j);
                    PutInterleaved(pdx + top + 2 * j, g & Vector256.Equals(at, Vector256<int>.Zero).AsSingle(), g & Vector256.Equals(at, Vector256.Create(1)).AsSingle(), overwrite);
                    PutInterleaved(pdx + bottom + 2 * j, g & Vector256.Equals(at, Vector256.Create(2)).AsSingle(), g & Vector256.Equals(at, Vector256.Create(3)).AsSingle(), overwrite);
                }
                for (; j < OutWidth; j++)
                {
                    float* window = pdx + top + 2 * j;
                    if (overwrite) window[0] = window[1] = window[width] = window[width + 1] = 0f;
                    var winner = pw[row + j];
                    window[(winner >> 1) * width + (winner & 1)] += pg[row + j];
                }
                if (overwrite && 2 * OutWidth < width)
                {
                    for (var c = 2 * OutWidth; c < width; c++) pdx[top + c] = pdx[bottom + c] = 0f;
                }
            }
        }
        if (overwrite) gradIn[(2 * OutHeight * width)..InPlane].Clear();
    }

    /// <summary>
    /// winners[j] = position of the first maximum of window j (the rule of <see cref="BackwardRow2x2"/>). A row's last
    /// partial vector is done as a whole vector ending at the row's end (recomputing a few windows): a scalar tail would
    /// branch on which element won, at random.
    /// </summary>
    private static void WinnersRow2x2(float* top, float* bottom, float* output, byte* winners, int count)
    {
        if (count >= 8)
        {
            for (var j = 0; j < count; j += 8) Winners8(top, bottom, output, winners, Math.Min(j, count - 8));
            return;
        }
        if (count >= 4)
        {
            Winners4(top, bottom, output, winners, 0);
            Winners4(top, bottom, output, winners, count - 4);
            return;
        }
        for (var j = 0; j < count; j++)
        {
            var max = output[j];
            winners[j] = Hit(top[2 * j], max) ? (byte)0
                : Hit(top[2 * j + 1], max) ? (byte)1
                : Hit(bottom[2 * j], max) ? (byte)2
                : Hit(bottom[2 * j + 1], max) ? (byte)3
                : (byte)0;
        }
    }

    /// <summary>Winners of the eight windows from j on.</summary>
    private static void Winners8(float* top, float* bottom, float* output, byte* winners, int j)
    {
        var (te, to) = Split(top + 2 * j);
        var (be, bo) = Split(bottom + 2 * j);
        var max = Avx.LoadVector256(output + j);
        var nan = ~Vector256.Equals(max, max);
        var s0 = Hits(te, max, nan);
        var s1 = Hits(to, max, nan) & ~s0;
        var taken = s0 | s1;
        var s2 = Hits(be, max, nan) & ~taken;
        taken |= s2;
        var s3 = Hits(bo, max, nan) & ~taken;
        var at = (s1.AsInt32() & Vector256.Create(1)) | (s2.AsInt32() & Vector256.Create(2)) | (s3.AsInt32() & Vector256.Create(3));
        var shorts = Sse2.PackSignedSaturate(at.GetLower(), at.GetUpper());
        Sse2.StoreScalar((long*)(winners + j), Sse2.PackUnsignedSaturate(shorts, shorts).AsInt64());
    }

    /// <summary>Winners of the four windows from j on.</summary>
    private static void Winners4(float* top, float* bottom, float* output, byte* winners, int j)
    {
        var (te, to) = Split128(top + 2 * j);
        var (be, bo) = Split128(bottom + 2 * j);
        var max = Sse.LoadVector128(output + j);
        var nan = ~Vector128.Equals(max, max);
        var s0 = Hits(te, max, nan);
        var s1 = Hits(to, max, nan) & ~s0;
        var taken = s0 | s1;
        var s2 = Hits(be, max, nan) & ~taken;
        taken |= s2;
        var s3 = Hits(bo, max, nan) & ~taken;
        var at = (s1.AsInt32() & Vector128.Create(1)) | (s2.AsInt32() & Vector128.Create(2)) | (s3.AsInt32() & Vector128.Create(3));
        var shorts = Sse2.PackSignedSaturate(at, at);
        Sse2.StoreScalar((int*)(winners + j), Sse2.PackUnsignedSaturate(shorts, shorts).AsInt32());
    }

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (IsTwoByTwo)
        {
            fixed (float* pin = input)
            fixed (float* pout = output)
            {
                for (var i = 0; i < OutHeight; i++) ForwardRow2x2(pin + 2 * i * width, pin + (2 * i + 1) * width, pout + i * OutWidth, OutWidth);
            }
            return;
        }
        for (var i = 0; i < OutHeight; i++)
        {
            var line = output.Slice(i * OutWidth, OutWidth);
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

    /// <summary>
    /// gradIn[first argmax of each window] += gradOut; with <paramref name="overwrite"/> gradIn is written instead (the
    /// window's other values and pixels outside every window become 0), so it needs no clearing beforehand.
    /// </summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> gradIn, bool overwrite = false)
    {
        if (input.Length < InPlane || gradIn.Length < InPlane || output.Length < OutPlane || gradOut.Length < OutPlane) throw new ArgumentException("Plane buffers too short.");
        if (IsTwoByTwo)
        {
            fixed (float* pin = input)
            fixed (float* pout = output)
            fixed (float* pg = gradOut)
            fixed (float* pdx = gradIn)
            {
                for (var i = 0; i < OutHeight; i++)
                {
                    long top = 2L * i * width, bottom = top + width, row = (long)i * OutWidth;
                    BackwardRow2x2(pin + top, pin + bottom, pout + row, pg + row, pdx + top, pdx + bottom, OutWidth, overwrite);
                    if (overwrite && 2 * OutWidth < width)
                    {
                        for (var j = 2 * OutWidth; j < width; j++) pdx[top + j] = pdx[bottom + j] = 0f;
                    }
                }
            }
            if (overwrite) gradIn[(2 * OutHeight * width)..InPlane].Clear();
            return;
        }
        if (overwrite) gradIn[..InPlane].Clear();
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

    /// <summary>out[j] = max(top[2j], top[2j+1], bottom[2j], bottom[2j+1]) for j &lt; count.</summary>
    private static void ForwardRow2x2(float* top, float* bottom, float* output, int count)
    {
        var j = 0;
        if (Avx2.IsSupported && count >= 8)
        {
            // The last vector ends at the row's end (recomputing a few windows) instead of a branching scalar tail.
            for (; j < count; j += 8)
            {
                var at = Math.Min(j, count - 8);
                var (te, to) = Split(top + 2 * at);
                var (be, bo) = Split(bottom + 2 * at);
                Avx.Store(output + at, Max(Max(te, to), Max(be, bo)));
            }
            return;
        }
        if (Sse.IsSupported && count >= 4)
        {
            for (; j < count; j += 4)
            {
                var at = Math.Min(j, count - 4);
                var (te, to) = Split128(top + 2 * at);
                var (be, bo) = Split128(bottom + 2 * at);
                Sse.Store(output + at, Max(Max(te, to), Max(be, bo)));
            }
            return;
        }
        for (; j < count; j++) output[j] = Max(Max(top[2 * j], top[2 * j + 1]), Max(bottom[2 * j], bottom[2 * j + 1]));
    }

    /// <summary>For each window j the gradient goes to the first of (top even, top odd, bottom even, bottom odd) equal to its maximum.</summary>
    private static void BackwardRow2x2(float* top, float* bottom, float* output, float* gradOut, float* gradTop, float* gradBottom, int count, bool overwrite)
    {
        var j = 0;
        if (Avx2.IsSupported)
        {
            for (; j <= count - 8; j += 8)
            {
                var (te, to) = Split(top + 2 * j);
                var (be, bo) = Split(bottom + 2 * j);
                var max = Avx.LoadVector256(output + j);
                var g = Avx.LoadVector256(gradOut + j);
                var nan = Vector256.Equals(max, max);
                nan = ~nan;
                var s0 = Hits(te, max, nan);
                var s1 = Hits(to, max, nan) & ~s0;
                var taken = s0 | s1;
                var s2 = Hits(be, max, nan) & ~taken;
                taken |= s2;
                var s3 = Hits(bo, max, nan) & ~taken;
                s0 |= ~(taken | s3);
                PutInterleaved(gradTop + 2 * j, g & s0, g & s1, overwrite);
                PutInterleaved(gradBottom + 2 * j, g & s2, g & s3, overwrite);
            }
        }
        if (Sse.IsSupported)
        {
            for (; j <= count - 4; j += 4)
            {
                var (te, to) = Split128(top + 2 * j);
                var (be, bo) = Split128(bottom + 2 * j);
                var max = Sse.LoadVector128(output + j);
                var g = Sse.LoadVector128(gradOut + j);
                var nan = ~Vector128.Equals(max, max);
                var s0 = Hits(te, max, nan);
                var s1 = Hits(to, max, nan) & ~s0;
                var taken = s0 | s1;
                var s2 = Hits(be, max, nan) & ~taken;
                taken |= s2;
                var s3 = Hits(bo, max, nan) & ~taken;
                s0 |= ~(taken | s3);
                PutInterleaved(gradTop + 2 * j, g & s0, g & s1, overwrite);
                PutInterleaved(gradBottom + 2 * j, g & s2, g & s3, overwrite);
            }
        }
        for (; j < count; j++)
        {
            var max = output[j];
            if (overwrite) gradTop[2 * j] = gradTop[2 * j + 1] = gradBottom[2 * j] = gradBottom[2 * j + 1] = 0f;
            if (Hit(top[2 * j], max)) gradTop[2 * j] += gradOut[j];
            else if (Hit(top[2 * j + 1], max)) gradTop[2 * j + 1] += gradOut[j];
            else if (Hit(bottom[2 * j], max)) gradBottom[2 * j] += gradOut[j];
            else if (Hit(bottom[2 * j + 1], max)) gradBottom[2 * j + 1] += gradOut[j];
            else gradTop[2 * j] += gradOut[j];
        }
    }

    /// <summary>Whether the value is the window's maximum (or both are NaN).</summary>
    private static bool Hit(float value, float max) => value == max || (float.IsNaN(max) && float.IsNaN(value));

    /// <summary>Lanes where the value is the window's maximum (or both are NaN).</summary>
    private static Vector256<float> Hits(Vector256<float> value, Vector256<float> max, Vector256<float> maxIsNan) =>
        Vector256.Equals(value, max) | (maxIsNan & ~Vector256.Equals(value, value));

    private static Vector128<float> Hits(Vector128<float> value, Vector128<float> max, Vector128<float> maxIsNan) =>
        Vector128.Equals(value, max) | (maxIsNan & ~Vector128.Equals(value, value));

    /// <summary>p[2j] (+)= even[j], p[2j+1] (+)= odd[j] for j &lt; 4: added, or stored when <paramref name="overwrite"/>.</summary>
    private static void PutInterleaved(float* p, Vector128<float> even, Vector128<float> odd, bool overwrite)
    {
        var lo = Sse.UnpackLow(even, odd);
        var hi = Sse.UnpackHigh(even, odd);
        if (!overwrite)
        {
            lo += Sse.LoadVector128(p);
            hi += Sse.LoadVector128(p + 4);
        }
        Sse.Store(p, lo);
        Sse.Store(p + 4, hi);
    }

    /// <summary>The even and odd columns of 16 consecutive values, each in order.</summary>
    internal static (Vector256<float> Even, Vector256<float> Odd) Split(float* p)
    {
        var lo = Avx.LoadVector256(p);
        var hi = Avx.LoadVector256(p + 8);
        // In-lane shuffles give [0 2 8 10 | 4 6 12 14]; swapping the middle 64-bit pairs restores the order.
        var even = Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble();
        var odd = Avx.Shuffle(lo, hi, 0b11_01_11_01).AsDouble();
        return (Avx2.Permute4x64(even, 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd, 0b11_01_10_00).AsSingle());
    }

    /// <summary>The even and odd columns of 8 consecutive values, each in order.</summary>
    internal static (Vector128<float> Even, Vector128<float> Odd) Split128(float* p)
    {
        var lo = Sse.LoadVector128(p);
        var hi = Sse.LoadVector128(p + 4);
        return (Sse.Shuffle(lo, hi, 0b10_00_10_00), Sse.Shuffle(lo, hi, 0b11_01_11_01));
    }

    /// <summary>p[2j] (+)= even[j], p[2j+1] (+)= odd[j] for j &lt; 8: added, or stored when <paramref name="overwrite"/>.</summary>
    private static void PutInterleaved(float* p, Vector256<float> even, Vector256<float> odd, bool overwrite)
    {
        var lo = Avx.UnpackLow(even, odd);
        var hi = Avx.UnpackHigh(even, odd);
        var first = Avx.Permute2x128(lo, hi, 0x20);
        var second = Avx.Permute2x128(lo, hi, 0x31);
        if (!overwrite)
        {
            first += Avx.LoadVector256(p);
            second += Avx.LoadVector256(p + 8);
        }
        Avx.Store(p, first);
        Avx.Store(p + 8, second);
    }

    /// <summary>Lane-wise <see cref="Max(float, float)"/>: a where a &gt; b or a is NaN, else b.</summary>
    private static Vector256<float> Max(Vector256<float> a, Vector256<float> b) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b) | ~Vector256.Equals(a, a), a, b);

    private static Vector128<float> Max(Vector128<float> a, Vector128<float> b) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, b) | ~Vector128.Equals(a, a), a, b);

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
