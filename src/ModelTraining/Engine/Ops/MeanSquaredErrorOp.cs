using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>Mean of <c>(prediction − target)²</c> over all values. Gradients: ±2(p − t)/count.</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target)
    {
        if (!prediction.Shape.AsSpan().SequenceEqual(target.Shape)) throw ShapeError(nameof(MeanSquaredError), "prediction and target must have the same shape", prediction, target);
        var p = prediction.Data;
        var t = target.Data;
        var count = p.Length;
        var loss = Tensor.ForOp([], prediction, target);
        var forward = Difference(p, t);
        loss.Data[0] = count == 0 ? 0f : TensorPrimitives.SumOfSquares(forward) / count;
        BufferPool.Return(forward);

        loss.SetBackward(output =>
        {
            var scale = 2f * output.Grad![0] / count;
            var difference = Difference(p, t);
            if (prediction.RequiresGrad)
            {
                var dp = prediction.AccumulateGrad();
                TensorPrimitives.MultiplyAdd(difference, scale, dp, dp);
            }
            if (target.RequiresGrad)
            {
                var dt = target.AccumulateGrad();
                TensorPrimitives.MultiplyAdd(difference, -scale, dt, dt);
            }
            BufferPool.Return(difference);
        });
        return loss;
    }

    /// <summary>p − t in a pooled buffer the caller returns.</summary>
    private static float[] Difference(float[] p, float[] t)
    {
        var d = BufferPool.Rent(p.Length);
        TensorPrimitives.Subtract(p, t, d);
        return d;
    }
}
