using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Matrix product <c>a[M,K]·b[K,N]</c>, or <c>a·bᵀ</c> with b[N,K] when <paramref name="transposeB"/>.
    /// Gradients: dA += dY·op(B)ᵀ, dB += aᵀ·dY (or dYᵀ·a when transposed).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeB = false)
    {
        RequireRank(nameof(MatMul), a, 2);
        RequireRank(nameof(MatMul), b, 2);
        int m = a.Shape[0], k = a.Shape[1];
        var n = transposeB ? b.Shape[0] : b.Shape[1];
        if ((transposeB ? b.Shape[1] : b.Shape[0]) != k) throw ShapeError(nameof(MatMul), "inner dimensions differ", a, b);

        var y = Tensor.ForOp([m, n], a, b);
        Gemm.Multiply(false, transposeB, m, n, k, 1f, a.Data, k, b.Data, b.Shape[1], 0f, y.Data, n);
        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            if (a.RequiresGrad)
            {
                // dA[M,K] += dY[M,N] · op(B)ᵀ[N,K]
                Gemm.Multiply(false, !transposeB, m, k, n, 1f, dy, n, b.Data, b.Shape[1], 1f, a.AccumulateGrad(), k);
            }
            if (b.RequiresGrad)
            {
                if (transposeB) Gemm.Multiply(true, false, n, k, m, 1f, dy, n, a.Data, k, 1f, b.AccumulateGrad(), k); // dB[N,K] += dYᵀ·A
                else Gemm.Multiply(true, false, k, n, m, 1f, a.Data, k, dy, n, 1f, b.AccumulateGrad(), n); // dB[K,N] += Aᵀ·dY
            }
        });
        return y;
    }
}
