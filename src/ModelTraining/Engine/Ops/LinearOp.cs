using System.Numerics.Tensors;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Fully connected layer <c>y = x·Wᵀ + b</c> with x[N,in], W[out,in], b[out] (b may be null): one GEMM plus a
    /// row broadcast. Gradients: dx += dy·W, dW += dyᵀ·x, db += column sums of dy.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        RequireRank(nameof(Linear), x, 2);
        RequireRank(nameof(Linear), weight, 2);
        int batch = x.Shape[0], inputs = x.Shape[1], outputs = weight.Shape[0];
        if (weight.Shape[1] != inputs) throw ShapeError(nameof(Linear), "weight must be [out, in] with in = x's columns", x, weight);
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outputs)) throw ShapeError(nameof(Linear), "bias must be [out]", weight, bias);

        var y = bias is null ? Tensor.ForOp([batch, outputs], x, weight) : Tensor.ForOp([batch, outputs], x, weight, bias);
        var yd = y.Data;
        if (bias is not null)
        {
            for (var i = 0; i < batch; i++) bias.Data.CopyTo(yd, i * outputs);
        }
        Gemm.Multiply(false, true, batch, outputs, inputs, 1f, x.Data, inputs, weight.Data, inputs, bias is null ? 0f : 1f, yd, outputs);

        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            if (x.RequiresGrad) Gemm.Multiply(false, false, batch, inputs, outputs, 1f, dy, outputs, weight.Data, inputs, 1f, x.AccumulateGrad(), inputs);
            if (weight.RequiresGrad) Gemm.Multiply(true, false, outputs, inputs, batch, 1f, dy, outputs, x.Data, inputs, 1f, weight.AccumulateGrad(), inputs);
            if (bias is not null && bias.RequiresGrad)
            {
                var db = bias.AccumulateGrad();
                for (var i = 0; i < batch; i++) TensorPrimitives.Add(db, dy.AsSpan(i * outputs, outputs), db);
            }
        });
        return y;
    }
}
