using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Mean binary cross-entropy of sigmoid(logits) against targets in [0,1], fused with the sigmoid and computed as
    /// <c>max(z,0) − z·t + log(1 + e^−|z|)</c> so it never takes the log of 0. Gradients: dz = (σ(z) − t)/count,
    /// dt = −z/count. Vectorised with TensorPrimitives over a pooled scratch buffer.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        if (!logits.Shape.AsSpan().SequenceEqual(targets.Shape)) throw ShapeError(nameof(BinaryCrossEntropyWithLogits), "logits and targets must have the same shape", logits, targets);
        var z = logits.Data;
        var t = targets.Data;
        var count = z.Length;
        var loss = Tensor.ForOp([], logits, targets);
        var scratch = BufferPool.Rent(count);
        try
        {
            var s = scratch.AsSpan();
            TensorPrimitives.Abs(z, s);
            TensorPrimitives.Negate(s, s);
            TensorPrimitives.Exp(s, s);
            TensorPrimitives.Add(s, 1f, s);
            TensorPrimitives.Log(s, s);                 // log(1 + e^−|z|)
            double total = TensorPrimitives.Sum(s);
            TensorPrimitives.Max(z, 0f, s);             // max(z, 0)
            total += TensorPrimitives.Sum(s);
            total -= TensorPrimitives.Dot(z, t);        // − z·t
            loss.Data[0] = count == 0 ? 0f : (float)(total / count);
        }
        finally
        {
            BufferPool.Return(scratch);
        }

        loss.SetBackward(output =>
        {
            var scale = output.Grad![0] / count;
            if (logits.RequiresGrad)
            {
                var dz = logits.AccumulateGrad();
                var buffer = BufferPool.Rent(count);
                TensorPrimitives.Sigmoid(z, buffer);
                TensorPrimitives.Subtract(buffer, t, buffer);
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
