using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The AVX2/FMA register tile of the engine's tiled matrix products (<see cref="Gemm"/>, <see cref="ShiftedGemm"/>):
/// <c>C[h×16] (+)= A[h×kc]·B[kc×16]</c> for h = 6 or 4 rows, 2·h accumulators held in registers across the whole
/// inner dimension. Where A and B come from is a type argument (<see cref="PackedA{TRows}"/> or <see cref="ShiftedA"/>,
/// <see cref="PackedB"/> or <see cref="ShiftedB"/>), so the JIT compiles one specialised copy per combination with the
/// row count folded to a constant: per step the same loads and FMAs as a hand-written kernel for that case (one or two
/// more scalar instructions, checked with DOTNET_JitDisasm). Each accumulator sums its products in the order of p,
/// whatever the operands, so results do not depend on which copy runs.
/// </summary>
internal static unsafe class RegisterTile
{
    /// <summary>Columns of the tile: two 8-float vectors.</summary>
    public const int Columns = 16;

    /// <summary>
    /// C[h×16] = A·B, or C += A·B when <paramref name="accumulate"/>, over kc steps of the inner dimension; row r of C
    /// at <c>c + r·ldc</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TRows, TA, TB>(int kc, TA a, TB b, float* c, int ldc, bool accumulate)
        where TRows : struct, ITileRows
        where TA : struct, ITileA
        where TB : struct, ITileB
    {
        var six = TRows.Count == 6;
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        if (accumulate)
        {
            c00 = Avx.LoadVector256(c);
            c01 = Avx.LoadVector256(c + 8);
            c10 = Avx.LoadVector256(c + ldc);
            c11 = Avx.LoadVector256(c + ldc + 8);
            c20 = Avx.LoadVector256(c + 2 * ldc);
            c21 = Avx.LoadVector256(c + 2 * ldc + 8);
            c30 = Avx.LoadVector256(c + 3 * ldc);
            c31 = Avx.LoadVector256(c + 3 * ldc + 8);
            if (six)
            {
                c40 = Avx.LoadVector256(c + 4 * ldc);
                c41 = Avx.LoadVector256(c + 4 * ldc + 8);
                c50 = Avx.LoadVector256(c + 5 * ldc);
                c51 = Avx.LoadVector256(c + 5 * ldc + 8);
            }
        }
        // The rows' starts in locals (registers), the loop then only adds p·step to each.
        float* a0 = a.Row(0), a1 = a.Row(1), a2 = a.Row(2), a3 = a.Row(3), a4 = a0, a5 = a0;
        if (six)
        {
            a4 = a.Row(4);
            a5 = a.Row(5);
        }
        long at = 0;
        for (var p = 0; p < kc; p++, at += TA.Step)
        {
            var row = b.Next();
            var b0 = Avx.LoadVector256(row);
            var b1 = Avx.LoadVector256(row + 8);
            var av = Avx.BroadcastScalarToVector256(a0 + at);
            c00 = Fma.MultiplyAdd(av, b0, c00);
            c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Avx.BroadcastScalarToVector256(a1 + at);
            c10 = Fma.MultiplyAdd(av, b0, c10);
            c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Avx.BroadcastScalarToVector256(a2 + at);
            c20 = Fma.MultiplyAdd(av, b0, c20);
            c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Avx.BroadcastScalarToVector256(a3 + at);
            c30 = Fma.MultiplyAdd(av, b0, c30);
            c31 = Fma.MultiplyAdd(av, b1, c31);
            if (six)
            {
                av = Avx.BroadcastScalarToVector256(a4 + at);
                c40 = Fma.MultiplyAdd(av, b0, c40);
                c41 = Fma.MultiplyAdd(av, b1, c41);
                av = Avx.BroadcastScalarToVector256(a5 + at);
                c50 = Fma.MultiplyAdd(av, b0, c50);
                c51 = Fma.MultiplyAdd(av, b1, c51);
            }
        }
        Avx.Store(c, c00);
        Avx.Store(c + 8, c01);
        Avx.Store(c + ldc, c10);
        Avx.Store(c + ldc + 8, c11);
        Avx.Store(c + 2 * ldc, c20);
        Avx.Store(c + 2 * ldc + 8, c21);
        Avx.Store(c + 3 * ldc, c30);
        Avx.Store(c + 3 * ldc + 8, c31);
        if (six)
        {
            Avx.Store(c + 4 * ldc, c40);
            Avx.Store(c + 4 * ldc + 8, c41);
            Avx.Store(c + 5 * ldc, c50);
            Avx.Store(c + 5 * ldc + 8, c51);
        }
    }
}

/// <summary>The row count of a <see cref="RegisterTile"/>, a compile-time constant per type.</summary>
internal interface ITileRows
{
    static abstract int Count { get; }
}

/// <summary>Six-row tiles (12 accumulators), the default.</summary>
internal readonly struct SixRows : ITileRows
{
    public static int Count => 6;
}

/// <summary>Four-row tiles (8 accumulators), for row counts that six-row tiles would pad.</summary>
internal readonly struct FourRows : ITileRows
{
    public static int Count => 4;
}

/// <summary>Where a tile's A operand lives: element (r, p) at <c>Row(r) + p·Step</c>.</summary>
internal unsafe interface ITileA
{
    static abstract int Step { get; }

    float* Row(int r);
}

/// <summary>Where a tile's 16-column B operand lives: a cursor handing out row 0, 1, 2, … in turn.</summary>
internal unsafe interface ITileB
{
    float* Next();
}

/// <summary>A packed k-major into a panel of <typeparamref name="TRows"/> rows: (r, p) at <c>panel[p·h + r]</c>.</summary>
internal readonly unsafe struct PackedA<TRows>(float* panel) : ITileA
    where TRows : struct, ITileRows
{
    private readonly float* panel = panel;

    public static int Step => TRows.Count;

    public float* Row(int r) => panel + r;
}

/// <summary>A's row r the slice at <c>source + offsets[r]</c>.</summary>
internal readonly unsafe struct ShiftedA(float* source, int* offsets) : ITileA
{
    private readonly float* source = source;
    private readonly int* offsets = offsets;

    public static int Step => 1;

    public float* Row(int r) => source + offsets[r];
}

/// <summary>B packed k-major into a 16-column panel: row p at <c>panel + 16·p</c>.</summary>
internal unsafe struct PackedB(float* panel) : ITileB
{
    private float* row = panel;

    public float* Next()
    {
        var current = row;
        row += RegisterTile.Columns;
        return current;
    }
}

/// <summary>B's row p the 16 values at <c>source + offsets[p]</c>.</summary>
internal unsafe struct ShiftedB(float* source, int* offsets) : ITileB
{
    private readonly float* source = source;
    private int* offset = offsets;

    public float* Next() => source + *offset++;
}
