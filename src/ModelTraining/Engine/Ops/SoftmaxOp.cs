using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Softmax over the last dimension of a [N,C] tensor (max-subtracted, so stable). Gradient per row:
    /// <c>dx = y ⊙ (dy − Σ dy·y)</c>. For a loss, prefer <see cref="SoftmaxCrossEntropy"/>.
    /// </summary>
    public static Tensor Softmax(Tensor x)
    {
        RequireRank(nameof(Softmax), x, 2);
        int rows = x.Shape[0], classes = x.Shape[1];
        var y = Tensor.ForOp(x.Shape, x);
        for (var r = 0; r < rows; r++)
        {
            // TensorPrimitives.SoftMax does not subtract the maximum, so exp overflows for logits near 89 and above.
            var row = x.Data.AsSpan(r * classes, classes);
            var output = y.Data.AsSpan(r * classes, classes);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), output);
            TensorPrimitives.Exp(output, output);
            TensorPrimitives.Divide(output, TensorPrimitives.Sum(output), output);
        }
        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            var yd = output.Data;
            var dx = x.AccumulateGrad();
            for (var r = 0; r < rows; r++)
            {
                var o = r * classes;
                var dot = TensorPrimitives.Dot(dy.AsSpan(o, classes), yd.AsSpan(o, classes));
                for (var c = 0; c < classes; c++) dx[o + c] += yd[o + c] * (dy[o + c] - dot);
            }
        });
        return y;
    }
}
