using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The vector operations of the stride-2 kernels (2×2 max pooling, the stride-2 transposed convolution's column
/// phases), which split rows into their even and odd columns and interleave them back, at one vector width:
/// <see cref="Lanes8"/> (AVX, 8 floats) or <see cref="Lanes4"/> (SSE, 4 floats). A loop written once against this
/// interface runs at either width; the JIT compiles one copy per width with every call inlined. Such loops and their
/// helpers carry <see cref="MethodImplOptions.AggressiveInlining"/>: left as calls, the tuples of vectors they return
/// went through memory (the 2×2 pooling backward ran 50% slower).
/// </summary>
internal unsafe interface IEvenOddLanes<TV>
    where TV : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TV Load(float* p);

    static abstract void Store(float* p, TV value);

    /// <summary>The even and odd columns of the 2·Count values at p, each in order.</summary>
    static abstract (TV Even, TV Odd) Split(float* p);

    /// <summary>p[2j] (+)= even[j], p[2j+1] (+)= odd[j] for j &lt; Count: added, or stored when <paramref name="overwrite"/>.</summary>
    static abstract void PutInterleaved(float* p, TV even, TV odd, bool overwrite);

    /// <summary>All bits set in the lanes where a == b (false for NaN).</summary>
    static abstract TV Equal(TV a, TV b);

    /// <summary>All bits set in the lanes where a &gt; b (false for NaN).</summary>
    static abstract TV GreaterThan(TV a, TV b);

    /// <summary>a in the lanes set in mask, else b.</summary>
    static abstract TV Select(TV mask, TV a, TV b);

    static abstract TV And(TV a, TV b);

    static abstract TV Or(TV a, TV b);

    /// <summary>a and not b.</summary>
    static abstract TV AndNot(TV a, TV b);

    static abstract TV Not(TV a);

    /// <summary>bytes[j] = 1, 2 or 3 where lane j of s1, s2 or s3 is set (the masks are disjoint), else 0, for j &lt; Count.</summary>
    static abstract void StoreChoice(byte* bytes, TV s1, TV s2, TV s3);
}

/// <summary>Eight floats per step (AVX2).</summary>
internal readonly unsafe struct Lanes8 : IEvenOddLanes<Vector256<float>>
{
    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* p) => Avx.LoadVector256(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector256<float> value) => Avx.Store(p, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Even, Vector256<float> Odd) Split(float* p)
    {
        var lo = Avx.LoadVector256(p);
        var hi = Avx.LoadVector256(p + 8);
        // In-lane shuffles give [0 2 8 10 | 4 6 12 14]; swapping the middle 64-bit pairs restores the order.
        var even = Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble();
        var odd = Avx.Shuffle(lo, hi, 0b11_01_11_01).AsDouble();
        return (Avx2.Permute4x64(even, 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd, 0b11_01_10_00).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PutInterleaved(float* p, Vector256<float> even, Vector256<float> odd, bool overwrite)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Equal(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AndNot(Vector256<float> a, Vector256<float> b) => a & ~b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Not(Vector256<float> a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChoice(byte* bytes, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        var at = (s1.AsInt32() & Vector256.Create(1)) | (s2.AsInt32() & Vector256.Create(2)) | (s3.AsInt32() & Vector256.Create(3));
        var shorts = Sse2.PackSignedSaturate(at.GetLower(), at.GetUpper());
        Sse2.StoreScalar((long*)bytes, Sse2.PackUnsignedSaturate(shorts, shorts).AsInt64());
    }
}

/// <summary>Four floats per step (SSE): the tails of rows too short for <see cref="Lanes8"/>.</summary>
internal readonly unsafe struct Lanes4 : IEvenOddLanes<Vector128<float>>
{
    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* p) => Sse.LoadVector128(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector128<float> value) => Sse.Store(p, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<float> Even, Vector128<float> Odd) Split(float* p)
    {
        var lo = Sse.LoadVector128(p);
        var hi = Sse.LoadVector128(p + 4);
        return (Sse.Shuffle(lo, hi, 0b10_00_10_00), Sse.Shuffle(lo, hi, 0b11_01_11_01));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PutInterleaved(float* p, Vector128<float> even, Vector128<float> odd, bool overwrite)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Equal(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Select(Vector128<float> mask, Vector128<float> a, Vector128<float> b) => Vector128.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Or(Vector128<float> a, Vector128<float> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AndNot(Vector128<float> a, Vector128<float> b) => a & ~b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Not(Vector128<float> a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChoice(byte* bytes, Vector128<float> s1, Vector128<float> s2, Vector128<float> s3)
    {
        var at = (s1.AsInt32() & Vector128.Create(1)) | (s2.AsInt32() & Vector128.Create(2)) | (s3.AsInt32() & Vector128.Create(3));
        var shorts = Sse2.PackSignedSaturate(at, at);
        Sse2.StoreScalar((int*)bytes, Sse2.PackUnsignedSaturate(shorts, shorts).AsInt32());
    }
}

/// <summary>Rows split into their even and odd columns and interleaved back: eight, then four lanes per step, then scalar.</summary>
internal static unsafe class EvenOddRows
{
    /// <summary>even[j] = row[2j], odd[j] = row[2j + 1] for j &lt; pairs.</summary>
    public static void Split(float* row, float* even, float* odd, int pairs)
    {
        var j = 0;
        if (Avx2.IsSupported) j = SplitLanes<Lanes8, Vector256<float>>(row, even, odd, j, pairs);
        if (Sse.IsSupported) j = SplitLanes<Lanes4, Vector128<float>>(row, even, odd, j, pairs);
        for (; j < pairs; j++)
        {
            even[j] = row[2 * j];
            odd[j] = row[2 * j + 1];
        }
    }

    /// <summary>row[2j] = even[j], row[2j + 1] = odd[j] for j &lt; pairs.</summary>
    public static void Interleave(float* even, float* odd, float* row, int pairs)
    {
        var j = 0;
        if (Avx.IsSupported) j = InterleaveLanes<Lanes8, Vector256<float>>(even, odd, row, j, pairs);
        if (Sse.IsSupported) j = InterleaveLanes<Lanes4, Vector128<float>>(even, odd, row, j, pairs);
        for (; j < pairs; j++)
        {
            row[2 * j] = even[j];
            row[2 * j + 1] = odd[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SplitLanes<TL, TV>(float* row, float* even, float* odd, int j, int pairs)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct
    {
        for (; j <= pairs - TL.Count; j += TL.Count)
        {
            var (e, o) = TL.Split(row + 2 * j);
            TL.Store(even + j, e);
            TL.Store(odd + j, o);
        }
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int InterleaveLanes<TL, TV>(float* even, float* odd, float* row, int j, int pairs)
        where TL : struct, IEvenOddLanes<TV>
        where TV : struct
    {
        for (; j <= pairs - TL.Count; j += TL.Count) TL.PutInterleaved(row + 2 * j, TL.Load(even + j), TL.Load(odd + j), overwrite: true);
        return j;
    }
}
