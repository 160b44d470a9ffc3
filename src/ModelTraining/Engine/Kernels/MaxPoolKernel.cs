using System.Runtime.CompilerServices;
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
                    Lanes8.PutInterleaved(pdx + top + 2 * j, g & Vector256.Equals(at, Vector256<int>.Zero).AsSingle(), g & Vector256.Equals(at, Vector256.Create(1)).AsSingle(), overwrite);
                    Lanes8.PutInterleaved(pdx + bottom + 2 * j, g & Vector256.Equals(at, Vector256.Create(2)).AsSingle(), g & Vector256.Equals(at, Vector256.Create(3)).AsSingle(), overwrite);
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
            WinnersLanes<Lanes8, Vector256<float>>(top, bottom, output, winners, count);
            return;
        }
        if (count >= 4)
        {
            WinnersLanes<Lanes4, Vector128<float>>(top, bottom, output, winners, count);
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

    /// <summary>Winners of a row of at least <c>TL.Count</c> windows, a vector at a time, the last one ending at the row's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WinnersLanes<TL, TV>(float* top, float* bottom, float* output, byte* winners, int count)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct
    {
        for (var j = 0; j < count; j += TL.Count)
        {
            var at = Math.Min(j, count - TL.Count);
            var (_, s1, s2, s3, _) = FirstMaximum<TL, TV>(top + 2 * at, bottom + 2 * at, TL.Load(output + at));
            TL.StoreChoice(winners + at, s1, s2, s3);
        }
    }

    /// <summary>
    /// For <c>TL.Count</c> windows from the given columns on: the lanes whose first element equal to the maximum is
    /// top even (s0), top odd (s1), bottom even (s2), bottom odd (s3), and the lanes with none of them (None; empty
    /// when the maximum was taken from the window).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV S0, TV S1, TV S2, TV S3, TV None) FirstMaximum<TL, TV>(float* top, float* bottom, TV max)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct
    {
        var (te, to) = TL.Split(top);
        var (be, bo) = TL.Split(bottom);
        var nan = IsNaN<TL, TV>(max);
        var s0 = Hits<TL, TV>(te, max, nan);
        var s1 = TL.AndNot(Hits<TL, TV>(to, max, nan), s0);
        var taken = TL.Or(s0, s1);
        var s2 = TL.AndNot(Hits<TL, TV>(be, max, nan), taken);
        taken = TL.Or(taken, s2);
        var s3 = TL.AndNot(Hits<TL, TV>(bo, max, nan), taken);
        return (s0, s1, s2, s3, TL.Not(TL.Or(taken, s3)));
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
        if (Avx2.IsSupported && count >= 8)
        {
            ForwardLanes<Lanes8, Vector256<float>>(top, bottom, output, count);
            return;
        }
        if (Sse.IsSupported && count >= 4)
        {
            ForwardLanes<Lanes4, Vector128<float>>(top, bottom, output, count);
            return;
        }
        for (var j = 0; j < count; j++) output[j] = Max(Max(top[2 * j], top[2 * j + 1]), Max(bottom[2 * j], bottom[2 * j + 1]));
    }

    /// <summary>
    /// <see cref="ForwardRow2x2"/> a vector at a time for a row of at least <c>TL.Count</c> windows: the last vector
    /// ends at the row's end (recomputing a few windows) instead of a branching scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardLanes<TL, TV>(float* top, float* bottom, float* output, int count)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct
    {
        for (var j = 0; j < count; j += TL.Count)
        {
            var at = Math.Min(j, count - TL.Count);
            var (te, to) = TL.Split(top + 2 * at);
            var (be, bo) = TL.Split(bottom + 2 * at);
            TL.Store(output + at, Max<TL, TV>(Max<TL, TV>(te, to), Max<TL, TV>(be, bo)));
        }
    }

    /// <summary>For each window j the gradient goes to the first of (top even, top odd, bottom even, bottom odd) equal to its maximum.</summary>
    private static void BackwardRow2x2(float* top, float* bottom, float* output, float* gradOut, float* gradTop, float* gradBottom, int count, bool overwrite)
    {
        var j = 0;
        if (Avx2.IsSupported) j = BackwardLanes<Lanes8, Vector256<float>>(top, bottom, output, gradOut, gradTop, gradBottom, j, count, overwrite);
        if (Sse.IsSupported) j = BackwardLanes<Lanes4, Vector128<float>>(top, bottom, output, gradOut, gradTop, gradBottom, j, count, overwrite);
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

    /// <summary>
    /// <see cref="BackwardRow2x2"/> a vector at a time from window j on while whole vectors fit; returns the first
    /// window not done. A window without any hit (impossible for a maximum taken from it) sends its gradient to top even.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BackwardLanes<TL, TV>(float* top, float* bottom, float* output, float* gradOut, float* gradTop, float* gradBottom, int j, int count, bool overwrite)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct
    {
        for (; j <= count - TL.Count; j += TL.Count)
        {
            var (s0, s1, s2, s3, none) = FirstMaximum<TL, TV>(top + 2 * j, bottom + 2 * j, TL.Load(output + j));
            s0 = TL.Or(s0, none);
            var g = TL.Load(gradOut + j);
            TL.PutInterleaved(gradTop + 2 * j, TL.And(g, s0), TL.And(g, s1), overwrite);
            TL.PutInterleaved(gradBottom + 2 * j, TL.And(g, s2), TL.And(g, s3), overwrite);
        }
        return j;
    }

    /// <summary>Lane-wise <see cref="Max(float, float)"/>: a where a &gt; b or a is NaN, else b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Max<TL, TV>(TV a, TV b)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct =>
        TL.Select(TL.Or(TL.GreaterThan(a, b), IsNaN<TL, TV>(a)), a, b);

    /// <summary>All bits set in the lanes holding NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV IsNaN<TL, TV>(TV value)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct =>
        TL.Not(TL.Equal(value, value));

    /// <summary>Lane-wise <see cref="Hit"/>: the value equals the maximum, or both are NaN (<paramref name="maxIsNaN"/> from <see cref="IsNaN{TL, TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Hits<TL, TV>(TV value, TV max, TV maxIsNaN)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct =>
        TL.Or(TL.Equal(value, max), TL.AndNot(maxIsNaN, TL.Equal(value, value)));

    /// <summary>Whether the value is the window's maximum (or both are NaN).</summary>
    private static bool Hit(float value, float max) => value == max || (float.IsNaN(max) && float.IsNaN(value));

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
