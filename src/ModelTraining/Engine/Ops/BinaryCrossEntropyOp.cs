namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Mean binary cross-entropy of sigmoid(logits) against targets in [0,1], fused with the sigmoid and computed as
    /// <c>max(z,0) − z·t + log(1 + e^−|z|)</c> so it never takes the log of 0. Gradients: dz = (σ(z) − t)/count,
    /// dt = −z/count.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        if (!logits.Shape.AsSpan().SequenceEqual(targets.Shape)) throw ShapeError(nameof(BinaryCrossEntropyWithLogits), "logits and targets must have the same shape", logits, targets);
        var z = logits.Data;
        var t = targets.Data;
        var count = z.Length;
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            var zi = z[i];
            total += Math.Max(zi, 0f) - zi * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
        }
        var loss = Tensor.ForOp([], logits, targets);
        loss.Data[0] = count == 0 ? 0f : (float)(total / count);

        loss.SetBackward(output =>
        {
            var scale = output.Grad![0] / count;
            if (logits.RequiresGrad)
            {
                var dz = logits.AccumulateGrad();
                for (var i = 0; i < count; i++) dz[i] += scale * (1f / (1f + MathF.Exp(-z[i])) - t[i]);
            }
            if (targets.RequiresGrad)
            {
                var dt = targets.AccumulateGrad();
                for (var i = 0; i < count; i++) dt[i] -= scale * z[i];
            }
        });
        return loss;
    }
}
