using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Single-precision matrix product <c>C = alpha·op(A)·op(B) + beta·C</c> (row-major, BLAS sgemm semantics), the hot
/// path of training. Goto/BLIS structure: op(B) is packed into KC×NR column panels and op(A) into MR×KC row panels
/// (the packing absorbs the transposes and alpha), and a 6×16 register-tiled micro-kernel (12 AVX2 accumulators,
/// FMA) runs over the packed panels. The rows (or, for short and wide products, the columns) of C are split over the
/// cores with <see cref="Parallel.For(int, int, Action{int})"/>. Packing buffers are per thread and reused; nothing is
/// allocated inside the loops.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Micro-tile rows (<see cref="SixRows"/>).</summary>
    public const int MR = 6;

    /// <summary>Micro-tile columns (two 8-float vectors).</summary>
    public const int NR = RegisterTile.Columns;

    private const int KC = 256;
    private const int MC = 120;
    private const int NC = 2048;
    private const long ParallelThresholdFlops = 1L << 18;

    [ThreadStatic]
    private static float[]? packedA;

    [ThreadStatic]
    private static float[]? packedB;

    /// <summary>
    /// Set on a thread by callers that already split their work over the cores (the convolutions run one image per
    /// worker): products started on that thread then stay on it instead of nesting a second parallel loop.
    /// </summary>
    [ThreadStatic]
    internal static bool SequentialOnThisThread;

    /// <summary>Whether the AVX2+FMA micro-kernel is used (otherwise a portable scalar kernel).</summary>
    public static bool IsAccelerated => Fma.IsSupported && Avx.IsSupported;

    /// <summary>Worker count used for large products (defaults to the processor count).</summary>
    public static int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// <c>C[m×n] = alpha·op(A)[m×k]·op(B)[k×n] + beta·C</c>. op(A) is A (stored m×k, row stride <paramref name="lda"/>) or,
    /// when <paramref name="transA"/>, Aᵀ with A stored k×m. Likewise for B. When beta is 0, C is not read.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        CheckOperand(nameof(c), c.Length, m, n, ldc);
        if (m == 0 || n == 0) return;

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new Job(transA, transB, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            var workers = SequentialOnThisThread ? 1 : Math.Max(1, MaxDegreeOfParallelism);
            var flops = 2L * m * n * k;
            if (workers == 1 || flops < ParallelThresholdFlops)
            {
                job.Run(0, m, 0, n);
                return;
            }
            if (m >= workers * MR * 2)
            {
                job.RunRowParallel(m, n, workers);
            }
            else if (n >= workers * NR * 2)
            {
                var colsPerWorker = RoundUp((n + workers - 1) / workers, NR);
                Parallel.For(0, workers, w =>
                {
                    var start = w * colsPerWorker;
                    if (start < n) job.Run(0, m, start, Math.Min(n, start + colsPerWorker));
                });
            }
            else
            {
                job.Run(0, m, 0, n);
            }
        }
    }

    /// <summary>Reference triple loop (double accumulation) for tests and benchmarks.</summary>
    public static void MultiplyNaive(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[p * lda + i] : a[i * lda + p];
                    var bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }
                var prior = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum + prior);
            }
        }
    }

    private static void CheckOperand(string name, int length, int rows, int cols, int stride)
    {
        if (rows == 0 || cols == 0) return;
        if (stride < cols) throw new ArgumentException($"Row stride {stride} of {name} is smaller than its {cols} columns.", name);
        var needed = (long)(rows - 1) * stride + cols;
        if (length < needed) throw new ArgumentException($"{name} holds {length} values, a {rows}x{cols} matrix with stride {stride} needs {needed}.", name);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>One product's operands (pinned by the caller for the duration of <see cref="Multiply"/>).</summary>
    private readonly struct Job(
        bool transA, bool transB, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        private readonly bool transA = transA;
        private readonly bool transB = transB;
        private readonly int k = k;
        private readonly float alpha = alpha;
        private readonly nint a = (nint)a;
        private readonly int lda = lda;
        private readonly nint b = (nint)b;
        private readonly int ldb = ldb;
        private readonly float beta = beta;
        private readonly nint c = (nint)c;
        private readonly int ldc = ldc;

        /// <summary>Computes the block rows [r0,r1) × columns [c0,c1) of C on the calling thread.</summary>
        public void Run(int r0, int r1, int c0, int c1)
        {
            ScaleC((float*)c, r0, r1, c0, c1);
            if (k == 0 || alpha == 0f) return;

            packedB ??= new float[KC * NC];
            fixed (float* pb = packedB)
            {
                for (var jc = c0; jc < c1; jc += NC)
                {
                    var nc = Math.Min(NC, c1 - jc);
                    for (var p0 = 0; p0 < k; p0 += KC)
                    {
                        var kc = Math.Min(KC, k - p0);
                        PackB(pb, p0, kc, jc, nc);
                        MultiplyRows(r0, r1, pb, jc, nc, p0, kc);
                    }
                }
            }
        }

        /// <summary>
        /// All of C with the rows shared out: each KC×NC block of op(B) is packed once (by this thread), then row chunks
        /// (about two per worker, so a worker slowed by other processes does not hold up the rest) pack their own
        /// op(A) block and run the micro-kernels against the shared packed B.
        /// </summary>
        public void RunRowParallel(int m, int n, int workers)
        {
            var pc = (float*)c;
            ScaleC(pc, 0, m, 0, n);
            if (k == 0 || alpha == 0f) return;

            var chunk = RoundUp((m + 2 * workers - 1) / (2 * workers), MR);
            var chunks = (m + chunk - 1) / chunk;
            packedB ??= new float[KC * NC];
            var self = this;
            fixed (float* pb = packedB)
            {
                var shared = (nint)pb;
                for (var jc = 0; jc < n; jc += NC)
                {
                    var nc = Math.Min(NC, n - jc);
                    for (var p0 = 0; p0 < k; p0 += KC)
                    {
                        var kc = Math.Min(KC, k - p0);
                        PackB(pb, p0, kc, jc, nc);
                        var (blockStart, blockWidth, depthStart, depth) = (jc, nc, p0, kc);
                        Parallel.For(0, chunks, i =>
                        {
                            var start = i * chunk;
                            self.MultiplyRows(start, Math.Min(m, start + chunk), (float*)shared, blockStart, blockWidth, depthStart, depth);
                        });
                    }
                }
            }
        }

        /// <summary>C[r0..r1, jc..jc+nc] += op(A)[r0..r1, p0..p0+kc] · (packed B block), packing A per MC rows.</summary>
        private void MultiplyRows(int r0, int r1, float* pb, int jc, int nc, int p0, int kc)
        {
            var pc = (float*)c;
            packedA ??= new float[MC * KC];
            var tile = stackalloc float[MR * NR];
            fixed (float* pa = packedA)
            {
                for (var ic = r0; ic < r1; ic += MC)
                {
                    var mc = Math.Min(MC, r1 - ic);
                    PackA(pa, ic, mc, p0, kc);
                    for (var jr = 0; jr < nc; jr += NR)
                    {
                        var nr = Math.Min(NR, nc - jr);
                        var bPanel = pb + jr * kc;
                        for (var ir = 0; ir < mc; ir += MR)
                        {
                            var mr = Math.Min(MR, mc - ir);
                            var aPanel = pa + ir * kc;
                            var cTile = pc + (long)(ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR)
                            {
                                MicroKernel(kc, aPanel, bPanel, cTile, ldc);
                            }
                            else
                            {
                                new Span<float>(tile, MR * NR).Clear();
                                MicroKernel(kc, aPanel, bPanel, tile, NR);
                                for (var r = 0; r < mr; r++)
                                {
                                    for (var q = 0; q < nr; q++) cTile[(long)r * ldc + q] += tile[r * NR + q];
                                }
                            }
                        }
                    }
                }
            }
        }

        private void ScaleC(float* pc, int r0, int r1, int c0, int c1)
        {
            if (beta == 1f) return;
            for (var i = r0; i < r1; i++)
            {
                var row = new Span<float>(pc + (long)i * ldc + c0, c1 - c0);
                if (beta == 0f) row.Clear();
                else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }

        /// <summary>Packs op(A)[ic..ic+mc, p0..p0+kc]·alpha into MR-row panels, zero-padding the last one.</summary>
        private void PackA(float* dst, int ic, int mc, int p0, int kc)
        {
            var src = (float*)a;
            for (var ir = 0; ir < mc; ir += MR)
            {
                var mr = Math.Min(MR, mc - ir);
                var panel = dst + ir * kc;
                if (!transA)
                {
                    for (var r = 0; r < mr; r++)
                    {
                        var row = src + (long)(ic + ir + r) * lda + p0;
                        for (var p = 0; p < kc; p++) panel[p * MR + r] = alpha * row[p];
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var col = src + (long)(p0 + p) * lda + ic + ir;
                        for (var r = 0; r < mr; r++) panel[p * MR + r] = alpha * col[r];
                    }
                }
                for (var r = mr; r < MR; r++)
                {
                    for (var p = 0; p < kc; p++) panel[p * MR + r] = 0f;
                }
            }
        }

        /// <summary>Packs op(B)[p0..p0+kc, jc..jc+nc] into NR-column panels, zero-padding the last one.</summary>
        private void PackB(float* dst, int p0, int kc, int jc, int nc)
        {
            var src = (float*)b;
            for (var jr = 0; jr < nc; jr += NR)
            {
                var nr = Math.Min(NR, nc - jr);
                var panel = dst + jr * kc;
                if (!transB)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var row = src + (long)(p0 + p) * ldb + jc + jr;
                        var target = panel + p * NR;
                        if (nr == NR && Avx.IsSupported)
                        {
                            Avx.Store(target, Avx.LoadVector256(row));
                            Avx.Store(target + 8, Avx.LoadVector256(row + 8));
                        }
                        else
                        {
                            for (var q = 0; q < nr; q++) target[q] = row[q];
                            for (var q = nr; q < NR; q++) target[q] = 0f;
                        }
                    }
                }
                else
                {
                    for (var q = 0; q < nr; q++)
                    {
                        var col = src + (long)(jc + jr + q) * ldb + p0;
                        for (var p = 0; p < kc; p++) panel[p * NR + q] = col[p];
                    }
                    for (var q = nr; q < NR; q++)
                    {
                        for (var p = 0; p < kc; p++) panel[p * NR + q] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>C[6×16] += Apanel[6×kc] · Bpanel[kc×16] (both packed).</summary>
    private static void MicroKernel(int kc, float* a, float* b, float* c, int ldc)
    {
        if (Fma.IsSupported && Avx.IsSupported) RegisterTile.Multiply<SixRows, PackedA<SixRows>, PackedB>(kc, new(a), new(b), c, ldc, accumulate: true);
        else ScalarKernel(kc, a, b, c, ldc);
    }

    private static void ScalarKernel(int kc, float* a, float* b, float* c, int ldc)
    {
        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < MR; r++)
            {
                var av = a[p * MR + r];
                var row = c + (long)r * ldc;
                for (var q = 0; q < NR; q++) row[q] += av * b[p * NR + q];
            }
        }
    }
}
