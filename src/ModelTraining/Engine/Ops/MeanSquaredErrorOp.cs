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
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            double d = p[i] - t[i];
            total += d * d;
        }
        var loss = Tensor.ForOp([], prediction, target);
        loss.Data[0] = count == 0 ? 0f : (float)(total / count);

        loss.SetBackward(output =>
        {
            var scale = 2f * output.Grad![0] / count;
            if (prediction.RequiresGrad)
            {
                var dp = prediction.AccumulateGrad();
                for (var i = 0; i < count; i++) dp[i] += scale * (p[i] - t[i]);
            }
            if (target.RequiresGrad)
            {
                var dt = target.AccumulateGrad();
                for (var i = 0; i < count; i++) dt[i] -= scale * (p[i] - t[i]);
            }
        });
        return loss;
    }
}
