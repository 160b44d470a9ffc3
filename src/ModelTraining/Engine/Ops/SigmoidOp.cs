using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary><c>1 / (1 + e^-x)</c>. Gradient <c>y·(1 − y)</c>. For a loss, prefer <see cref="BinaryCrossEntropyWithLogits"/>.</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var y = Tensor.ForOp(x.Shape, x);
        TensorPrimitives.Sigmoid(x.Data, y.Data);
        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            var yd = output.Data;
            var dx = x.AccumulateGrad();
            for (var i = 0; i < dx.Length; i++) dx[i] += dy[i] * yd[i] * (1f - yd[i]);
        });
        return y;
    }
}
