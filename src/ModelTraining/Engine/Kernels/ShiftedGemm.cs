using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Matrix products whose one operand is a set of shifted slices of a single buffer, the shape every stride-1
/// convolution takes on a zero-padded image (<see cref="PaddedPlane"/>): row <c>k</c> of the operand is
/// <c>source[offsets[k] .. offsets[k] + n)</c>. The 6×16 and 4×16 AVX2/FMA register tiles (<see cref="RegisterTile"/>) read those
/// rows in place, so no column matrix is built (im2col) or packed: an implicit GEMM.
/// <list type="bullet">
/// <item><see cref="MultiplyShiftedB"/>: <c>C[m×n] (+)= A·B</c>, A packed by <see cref="PackA"/>, B's row k the slice
/// at <c>offsets[k]</c> (convolution forward and input gradient).</item>
/// <item><see cref="MultiplyShiftedA"/>: <c>C[m×n] += A·B</c>, A's row r the slice at <c>offsets[r]</c>, B packed by
/// <see cref="PackB"/> (weight gradient).</item>
/// <item><see cref="MultiplyShiftedAThin"/>: <c>C[m×n] += A·B</c> as above for a B of one to a few columns, read in
/// place as rows of Bᵀ (weight gradient of a convolution with very few filters).</item>
/// </list>
/// A is packed in six- and four-row tiles (<see cref="RowTiles"/>), so even row counts waste no work; an A of one or two
/// rows (<see cref="ThinRows"/>) is multiplied a row at a time with a 1×64 register tile instead. C has
/// <see cref="RoundRows"/>(m) rows and a row stride that is a multiple of <see cref="Gemm.NR"/> ≥ n: whole tiles
/// are written, the caller drops what lies beyond m×n. Sources must be readable up to the largest offset plus the
/// rounded n (respectively the inner dimension). Single-threaded: the convolutions run one image per core.
/// </summary>
internal static unsafe class ShiftedGemm
{
    private const int MR = Gemm.MR;
    private const int NR = Gemm.NR;

    /// <summary>Inner-dimension block: a 256×16 slab of the shifted operand (16 KB) stays in L1 across the row tiles.</summary>
    private const int KC = 256;

    /// <summary>Up to this many rows of A, <see cref="MultiplyShiftedB"/> runs a row at a time (<see cref="KernelShiftedRow64"/>).</summary>
    public const int ThinRows = 2;

    /// <summary>Columns of the row kernel's register tile: eight AVX vectors.</summary>
    private const int RowBlock = 64;

    public static bool IsSupported => Fma.IsSupported && Avx2.IsSupported;

    /// <summary><paramref name="rows"/> rounded up to whole register tiles.</summary>
    public static int RoundRows(int rows) => (rows + MR - 1) / MR * MR;

    /// <summary><paramref name="columns"/> rounded up to whole register tiles.</summary>
    public static int RoundColumns(int columns) => (columns + NR - 1) / NR * NR;

    /// <summary>
    /// The row tiles of an m-row A: six-row tiles, then (for m mod 6 = 2 or 4) four-row ones, so an even m is covered
    /// without padded rows (32 = 4·6 + 2·4, 8 = 2·4); an odd m is treated as m + 1. Never more rows than <see cref="RoundRows"/>.
    /// </summary>
    public static (int Sixes, int Fours) RowTiles(int m)
    {
        if (m % 2 == 1) m++;
        return (m % 6) switch
        {
            0 => (m / 6, 0),
            4 => (m / 6, 1),
            _ => m >= 8 ? ((m - 8) / 6, 2) : (0, 1),
        };
    }

    /// <summary>Floats <see cref="PackA"/> writes for an m×k matrix.</summary>
    public static int PackedALength(int m, int k) => RoundRows(m) * k;

    /// <summary>Floats <see cref="PackB"/> writes for a k×n matrix.</summary>
    public static int PackedBLength(int k, int n) => k * RoundColumns(n);

    /// <summary>
    /// Packs A[m×k] (element (r, p) at <c>a[r·lda + p]</c>) into the panels of <see cref="RowTiles"/> (a tile of h rows
    /// starting at row R at offset R·k, k-major: element (R + r, p) at R·k + p·h + r), zero rows beyond m.
    /// </summary>
    public static void PackA(ReadOnlySpan<float> a, int m, int k, int lda, Span<float> packed)
    {
        var (sixes, fours) = RowTiles(m);
        var r0 = 0;
        for (var t = 0; t < sixes + fours; t++)
        {
            var height = t < sixes ? MR : 4;
            var panel = packed.Slice(r0 * k, height * k);
            for (var r = 0; r < height; r++)
            {
                if (r0 + r >= m)
                {
                    for (var p = 0; p < k; p++) panel[p * height + r] = 0f;
                    continue;
                }
                var row = a.Slice((r0 + r) * lda, k);
                for (var p = 0; p < k; p++) panel[p * height + r] = row[p];
            }
            r0 += height;
        }
    }

    /// <summary>
    /// Packs the transpose of G[n×k] (element (j, p) at <c>g[j·ldg + p]</c>), i.e. B[k×n] = Gᵀ, into 16-column panels,
    /// k-major. Columns beyond n must already be zero in <paramref name="packed"/> (they are never written).
    /// </summary>
    public static void PackB(ReadOnlySpan<float> g, int n, int k, int ldg, Span<float> packed)
    {
        if (n == 0 || k == 0) return;
        if ((long)(n - 1) * ldg + k > g.Length || packed.Length < PackedBLength(k, n)) throw new ArgumentException("G or packed B too short.");
        fixed (float* pg = g)
        fixed (float* pp = packed)
        {
            var j = 0;
            if (Avx.IsSupported)
            {
                // Eight rows of G at a time: 8×8 blocks transposed in registers into eight lanes of a panel.
                for (; j <= n - 8; j += 8)
                {
                    float* panel = pp + (long)(j / NR) * NR * k + j % NR, rows = pg + (long)j * ldg;
                    var p = 0;
                    for (; p <= k - 8; p += 8) Transpose8x8(rows + p, ldg, panel + (long)p * NR, NR);
                    for (; p < k; p++)
                    {
                        for (var lane = 0; lane < 8; lane++) panel[(long)p * NR + lane] = rows[(long)lane * ldg + p];
                    }
                }
            }
            for (; j < n; j++)
            {
                float* panel = pp + (long)(j / NR) * NR * k + j % NR, row = pg + (long)j * ldg;
                for (var p = 0; p < k; p++) panel[(long)p * NR] = row[p];
            }
        }
    }

    /// <summary>dst[c·dstStride + r] = src[r·srcStride + c] for an 8×8 block.</summary>
    private static void Transpose8x8(float* src, int srcStride, float* dst, int dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0b01_00_01_00);
        var u1 = Avx.Shuffle(t0, t2, 0b11_10_11_10);
        var u2 = Avx.Shuffle(t1, t3, 0b01_00_01_00);
        var u3 = Avx.Shuffle(t1, t3, 0b11_10_11_10);
        var u4 = Avx.Shuffle(t4, t6, 0b01_00_01_00);
        var u5 = Avx.Shuffle(t4, t6, 0b11_10_11_10);
        var u6 = Avx.Shuffle(t5, t7, 0b01_00_01_00);
        var u7 = Avx.Shuffle(t5, t7, 0b11_10_11_10);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>
    /// C = A·B (or C += A·B when <paramref name="accumulate"/>) for m rows, n columns (rounded up to whole tiles) and
    /// inner dimension k, with B[p, j] = source[offsets[p] + j].
    /// </summary>
    public static void MultiplyShiftedB(
        int m, int n, int k, ReadOnlySpan<float> packedA, ReadOnlySpan<float> source, ReadOnlySpan<int> offsets, Span<float> c, int ldc, bool accumulate)
    {
        CheckTiles(m, n, ldc, c.Length);
        if (packedA.Length < PackedALength(m, k) || offsets.Length < k) throw new ArgumentException("Packed A or offsets too short.");
        var columns = RoundColumns(n);
        var (sixes, fours) = RowTiles(m);
        CheckReach(source.Length, offsets[..k], columns);
        fixed (float* pa = packedA)
        fixed (float* ps = source)
        fixed (int* po = offsets)
        fixed (float* pc = c)
        {
            if (m <= ThinRows)
            {
                // One or two rows would waste half or more of a four-row tile: a row at a time with wide column blocks.
                for (var r = 0; r < m; r++) MultiplyShiftedRow(k, pa + r, 4, ps, po, pc + (long)r * ldc, columns, accumulate);
                return;
            }
            for (var p0 = 0; p0 < k; p0 += KC)
            {
                var kc = Math.Min(KC, k - p0);
                var add = accumulate || p0 > 0;
                for (var j = 0; j < columns; j += NR)
                {
                    var r = 0;
                    for (var t = 0; t < sixes; t++, r += MR)
                    {
                        RegisterTile.Multiply<SixRows, PackedA<SixRows>, ShiftedB>(kc, new(pa + (long)r * k + (long)p0 * MR), new(ps + j, po + p0), pc + (long)r * ldc + j, ldc, add);
                    }
                    for (var t = 0; t < fours; t++, r += 4)
                    {
                        RegisterTile.Multiply<FourRows, PackedA<FourRows>, ShiftedB>(kc, new(pa + (long)r * k + (long)p0 * 4), new(ps + j, po + p0), pc + (long)r * ldc + j, ldc, add);
                    }
                }
            }
        }
    }

    /// <summary>
    /// C += A·B for m rows (rounded up to whole tiles), n columns and inner dimension k, with A[r, p] =
    /// source[offsets[r] + p] (offsets holds <see cref="RoundRows"/>(m) entries) and B packed by <see cref="PackB"/>.
    /// </summary>
    public static void MultiplyShiftedA(
        int m, int n, int k, ReadOnlySpan<float> source, ReadOnlySpan<int> offsets, ReadOnlySpan<float> packedB, Span<float> c, int ldc)
    {
        CheckTiles(m, n, ldc, c.Length);
        int rows = RoundRows(m), columns = RoundColumns(n);
        if (packedB.Length < PackedBLength(k, n) || offsets.Length < rows) throw new ArgumentException("Packed B or offsets too short.");
        CheckReach(source.Length, offsets[..rows], k);
        fixed (float* ps = source)
        fixed (int* po = offsets)
        fixed (float* pb = packedB)
        fixed (float* pc = c)
        {
            for (var p0 = 0; p0 < k; p0 += KC)
            {
                var kc = Math.Min(KC, k - p0);
                for (var j = 0; j < columns; j += NR)
                {
                    var panel = pb + (long)j * k + (long)p0 * NR;
                    for (var r = 0; r < rows; r += MR)
                    {
                        RegisterTile.Multiply<SixRows, ShiftedA, PackedB>(kc, new(ps + p0, po + r), new(panel), pc + (long)r * ldc + j, ldc, accumulate: true);
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[r·ldc + j] += Σ_p source[offsets[r] + p]·B[j·ldb + p] for r &lt; m, j &lt; n and inner dimension k: the
    /// product with a B of few columns given as rows of Bᵀ (e.g. the output gradient of a convolution with one or two
    /// filters), without packing B into 16-column panels it would fill only a sliver of. Eight rows of A at a time
    /// share each load of B.
    /// </summary>
    public static void MultiplyShiftedAThin(
        int m, int n, int k, ReadOnlySpan<float> source, ReadOnlySpan<int> offsets, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (offsets.Length < m) throw new ArgumentException("Offsets too short.");
        if ((long)(n - 1) * ldb + k > b.Length) throw new ArgumentException("B too short.");
        if ((long)(m - 1) * ldc + n > c.Length) throw new ArgumentException($"C must hold {m} rows of stride {ldc}.");
        CheckReach(source.Length, offsets[..m], k);
        fixed (float* ps = source)
        fixed (int* po = offsets)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            for (var j = 0; j < n; j++)
            {
                var r = 0;
                for (; r <= m - 8; r += 8) KernelShiftedDot8(k, ps, po + r, pb + (long)j * ldb, pc + (long)r * ldc + j, ldc);
                for (; r < m; r++) pc[(long)r * ldc + j] += Dot(k, ps + po[r], pb + (long)j * ldb);
            }
        }
    }

    /// <summary>c[j] (+)= Σ_p a[p·aStride]·source[offsets[p] + j] for j &lt; columns (a multiple of <see cref="Gemm.NR"/>).</summary>
    private static void MultiplyShiftedRow(int k, float* a, int aStride, float* source, int* offsets, float* c, int columns, bool accumulate)
    {
        var j = 0;
        for (; j <= columns - RowBlock; j += RowBlock) KernelShiftedRow64(k, a, aStride, source + j, offsets, c + j, accumulate);
        for (; j < columns; j += NR) KernelShiftedRow16(k, a, aStride, source + j, offsets, c + j, accumulate);
    }

    /// <summary>C[1×64] (+)= a[1×k] · B, B's row p the 64 values at <c>b + offsets[p]</c>, a's element p at <c>a[p·aStride]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelShiftedRow64(int k, float* a, int aStride, float* b, int* offsets, float* c, bool accumulate)
    {
        Vector256<float> c0, c1, c2, c3, c4, c5, c6, c7;
        if (accumulate)
        {
            c0 = Avx.LoadVector256(c);
            c1 = Avx.LoadVector256(c + 8);
            c2 = Avx.LoadVector256(c + 16);
            c3 = Avx.LoadVector256(c + 24);
            c4 = Avx.LoadVector256(c + 32);
            c5 = Avx.LoadVector256(c + 40);
            c6 = Avx.LoadVector256(c + 48);
            c7 = Avx.LoadVector256(c + 56);
        }
        else
        {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = Vector256<float>.Zero;
        }
        for (var p = 0; p < k; p++)
        {
            var row = b + offsets[p];
            var av = Avx.BroadcastScalarToVector256(a + (long)p * aStride);
            c0 = Fma.MultiplyAdd(av, Avx.LoadVector256(row), c0);
            c1 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 8), c1);
            c2 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 16), c2);
            c3 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 24), c3);
            c4 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 32), c4);
            c5 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 40), c5);
            c6 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 48), c6);
            c7 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 56), c7);
        }
        Avx.Store(c, c0);
        Avx.Store(c + 8, c1);
        Avx.Store(c + 16, c2);
        Avx.Store(c + 24, c3);
        Avx.Store(c + 32, c4);
        Avx.Store(c + 40, c5);
        Avx.Store(c + 48, c6);
        Avx.Store(c + 56, c7);
    }

    /// <summary>C[1×16] (+)= a[1×k] · B, the tail of <see cref="KernelShiftedRow64"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelShiftedRow16(int k, float* a, int aStride, float* b, int* offsets, float* c, bool accumulate)
    {
        var c0 = accumulate ? Avx.LoadVector256(c) : Vector256<float>.Zero;
        var c1 = accumulate ? Avx.LoadVector256(c + 8) : Vector256<float>.Zero;
        var d0 = Vector256<float>.Zero;
        var d1 = Vector256<float>.Zero;
        var p = 0;
        for (; p <= k - 2; p += 2)
        {
            float* row = b + offsets[p], next = b + offsets[p + 1];
            var av = Avx.BroadcastScalarToVector256(a + (long)p * aStride);
            var an = Avx.BroadcastScalarToVector256(a + (long)(p + 1) * aStride);
            c0 = Fma.MultiplyAdd(av, Avx.LoadVector256(row), c0);
            c1 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 8), c1);
            d0 = Fma.MultiplyAdd(an, Avx.LoadVector256(next), d0);
            d1 = Fma.MultiplyAdd(an, Avx.LoadVector256(next + 8), d1);
        }
        if (p < k)
        {
            var row = b + offsets[p];
            var av = Avx.BroadcastScalarToVector256(a + (long)p * aStride);
            c0 = Fma.MultiplyAdd(av, Avx.LoadVector256(row), c0);
            c1 = Fma.MultiplyAdd(av, Avx.LoadVector256(row + 8), c1);
        }
        Avx.Store(c, Avx.Add(c0, d0));
        Avx.Store(c + 8, Avx.Add(c1, d1));
    }

    /// <summary>c[i·ldc] += Σ_p a[offsets[i] + p]·b[p] for the eight rows i &lt; 8 (one load of b per eight products).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelShiftedDot8(int k, float* a, int* offsets, float* b, float* c, int ldc)
    {
        float* a0 = a + offsets[0], a1 = a + offsets[1], a2 = a + offsets[2], a3 = a + offsets[3];
        float* a4 = a + offsets[4], a5 = a + offsets[5], a6 = a + offsets[6], a7 = a + offsets[7];
        Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        var p = 0;
        for (; p <= k - 8; p += 8)
        {
            var bv = Avx.LoadVector256(b + p);
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(a0 + p), bv, s0);
            s1 = Fma.MultiplyAdd(Avx.LoadVector256(a1 + p), bv, s1);
            s2 = Fma.MultiplyAdd(Avx.LoadVector256(a2 + p), bv, s2);
            s3 = Fma.MultiplyAdd(Avx.LoadVector256(a3 + p), bv, s3);
            s4 = Fma.MultiplyAdd(Avx.LoadVector256(a4 + p), bv, s4);
            s5 = Fma.MultiplyAdd(Avx.LoadVector256(a5 + p), bv, s5);
            s6 = Fma.MultiplyAdd(Avx.LoadVector256(a6 + p), bv, s6);
            s7 = Fma.MultiplyAdd(Avx.LoadVector256(a7 + p), bv, s7);
        }
        float t0 = Vector256.Sum(s0), t1 = Vector256.Sum(s1), t2 = Vector256.Sum(s2), t3 = Vector256.Sum(s3);
        float t4 = Vector256.Sum(s4), t5 = Vector256.Sum(s5), t6 = Vector256.Sum(s6), t7 = Vector256.Sum(s7);
        for (; p < k; p++)
        {
            var bp = b[p];
            t0 += a0[p] * bp;
            t1 += a1[p] * bp;
            t2 += a2[p] * bp;
            t3 += a3[p] * bp;
            t4 += a4[p] * bp;
            t5 += a5[p] * bp;
            t6 += a6[p] * bp;
            t7 += a7[p] * bp;
        }
        c[0] += t0;
        c[ldc] += t1;
        c[2 * ldc] += t2;
        c[3 * ldc] += t3;
        c[4 * ldc] += t4;
        c[5 * ldc] += t5;
        c[6 * ldc] += t6;
        c[7 * ldc] += t7;
    }

    /// <summary>Σ_p a[p]·b[p] over k values.</summary>
    private static float Dot(int k, float* a, float* b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<float>(a, k), new ReadOnlySpan<float>(b, k));

    private static void CheckTiles(int m, int n, int ldc, int length)
    {
        if (ldc % NR != 0 || ldc < n) throw new ArgumentException($"The row stride of C ({ldc}) must be a multiple of {NR} and at least {n}.");
        if ((long)RoundRows(m) * ldc > length) throw new ArgumentException($"C must hold {RoundRows(m)} rows of {ldc}.");
    }

    /// <summary>Every slice <c>[offset, offset + length)</c> lies inside the source.</summary>
    private static void CheckReach(int sourceLength, ReadOnlySpan<int> offsets, int length)
    {
        foreach (var offset in offsets)
        {
            if (offset < 0 || (long)offset + length > sourceLength)
            {
                throw new ArgumentException($"A shifted slice [{offset}, {(long)offset + length}) leaves the {sourceLength}-value source.");
            }
        }
    }
}
