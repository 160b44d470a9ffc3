using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Mean binary cross-entropy of p = sigmoid(logits) against targets in [0,1], fused with the sigmoid so it never
    /// takes the log of 0: <c>max(z,0) − z·t + log(1 + e^−|z|)</c>, where <c>log(1 + e^−|z|) = −log(max(p, 1−p))</c>
    /// reuses p (one transcendental pass instead of two; when |z| &gt; 17, p rounds to 1 and the dropped term is below
    /// 4e-8). Gradients: dz = (p − t)/count with the saved p, dt = −z/count.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        if (!logits.Shape.AsSpan().SequenceEqual(targets.Shape)) throw ShapeError(nameof(BinaryCrossEntropyWithLogits), "logits and targets must have the same shape", logits, targets);
        var z = logits.Data;
        var t = targets.Data;
        var count = z.Length;
        var loss = Tensor.ForOp([], logits, targets);
        var p = loss.RequiresGrad ? loss.SaveForBackward(count) : BufferPool.Rent(count);
        var scratch = BufferPool.Rent(count);
        TensorPrimitives.Sigmoid(z, p);
        TensorPrimitives.Subtract(1f, p, scratch);
        TensorPrimitives.Max(scratch, p, scratch);      // σ(|z|) = max(p, 1 − p)
        TensorPrimitives.Log(scratch, scratch);          // −log(1 + e^−|z|)
        double total = -(double)TensorPrimitives.Sum(scratch);
        TensorPrimitives.Max(z, 0f, scratch);
        total += TensorPrimitives.Sum(scratch);
        total -= TensorPrimitives.Dot(z, t);
        BufferPool.Return(scratch);
        if (!loss.RequiresGrad) BufferPool.Return(p);
        loss.Data[0] = count == 0 ? 0f : (float)(total / count);

        loss.SetBackward(output =>
        {
            var scale = output.Grad![0] / count;
            if (logits.RequiresGrad)
            {
                var dz = logits.AccumulateGrad();
                var buffer = BufferPool.Rent(count);
                TensorPrimitives.Subtract(p, t, buffer);
                TensorPrimitives.MultiplyAdd(buffer, scale, dz, dz);
                BufferPool.Return(buffer);
            }
            if (targets.RequiresGrad)
            {
                var dt = targets.AccumulateGrad();
                TensorPrimitives.MultiplyAdd(z, -scale, dt, dt);
            }
        });
        return loss;
    }
}
