using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Mean binary cross-entropy of p = sigmoid(logits) against targets in [0,1], fused with the sigmoid so it never
    /// takes the log of 0: <c>max(z,0) − z·t + log(1 + e^−|z|)</c>, where <c>log(1 + e^−|z|) = −log(max(p, 1−p))</c>
    /// reuses p (one transcendental pass instead of two; when |z| &gt; 17, p rounds to 1 and the dropped term is below
    /// 4e-8). Forward is one vector pass computing p (kept for backward) and the loss terms together. Gradients:
    /// dz = (p − t)/count with the saved p, dt = −z/count.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        if (!logits.Shape.AsSpan().SequenceEqual(targets.Shape)) throw ShapeError(nameof(BinaryCrossEntropyWithLogits), "logits and targets must have the same shape", logits, targets);
        var z = logits.Data;
        var t = targets.Data;
        var count = z.Length;
        var loss = Tensor.ForOp([], logits, targets);
        var p = loss.RequiresGrad ? loss.SaveForBackward(count) : BufferPool.Rent(count);
        var total = SigmoidCrossEntropy(z, t, p);
        if (!loss.RequiresGrad) BufferPool.Return(p);
        loss.Data[0] = count == 0 ? 0f : (float)(total / count);

        loss.SetBackward(output =>
        {
            var scale = output.Grad![0] / count;
            if (logits.RequiresGrad)
            {
                var dz = logits.GradToWrite(out var overwrite);
                SigmoidCrossEntropyGradient(p, t, scale, dz, overwrite);
            }
            if (targets.RequiresGrad)
            {
                var dt = targets.AccumulateGrad();
                TensorPrimitives.MultiplyAdd(z, -scale, dt, dt);
            }
        });
        return loss;
    }

    /// <summary>p = σ(z) and Σ [max(z, 0) − z·t − log(max(p, 1 − p))], summed in blocks of 1024 into a double.</summary>
    private static double SigmoidCrossEntropy(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> p)
    {
        const int Block = 1024;
        double total = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            while (i <= z.Length - Vector256<float>.Count)
            {
                var sum = Vector256<float>.Zero;
                var end = Math.Min(z.Length - Vector256<float>.Count, i + Block);
                for (; i <= end; i += Vector256<float>.Count)
                {
                    var zi = Vector256.Create(z.Slice(i, Vector256<float>.Count));
                    var pi = one / (one + Vector256.Exp(-zi));
                    pi.CopyTo(p.Slice(i));
                    sum += Vector256.Max(zi, Vector256<float>.Zero) - zi * Vector256.Create(t.Slice(i, Vector256<float>.Count)) - Vector256.Log(Vector256.Max(pi, one - pi));
                }
                total += Vector256.Sum(sum);
            }
        }
        for (; i < z.Length; i++)
        {
            var pi = 1f / (1f + MathF.Exp(-z[i]));
            p[i] = pi;
            total += MathF.Max(z[i], 0f) - z[i] * t[i] - MathF.Log(MathF.Max(pi, 1f - pi));
        }
        return total;
    }

    /// <summary>dz (+)= (p − t)·scale: added, or written when <paramref name="overwrite"/>.</summary>
    private static void SigmoidCrossEntropyGradient(ReadOnlySpan<float> p, ReadOnlySpan<float> t, float scale, Span<float> dz, bool overwrite)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            for (; i <= p.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var g = (Vector256.Create(p.Slice(i, Vector256<float>.Count)) - Vector256.Create(t.Slice(i, Vector256<float>.Count))) * vs;
                if (!overwrite) g += Vector256.Create(dz.Slice(i, Vector256<float>.Count));
                g.CopyTo(dz.Slice(i));
            }
        }
        for (; i < p.Length; i++) dz[i] = (p[i] - t[i]) * scale + (overwrite ? 0f : dz[i]);
    }
}
