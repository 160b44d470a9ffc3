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
            var yd = output.Data;
            var dx = x.AccumulateGrad();
            var local = BufferPool.Rent(yd.Length);
            TensorPrimitives.Subtract(1f, yd, local);         // 1 − y
            TensorPrimitives.Multiply(local, yd, local);      // y(1 − y)
            TensorPrimitives.MultiplyAdd(local, output.Grad!, dx, dx);
            BufferPool.Return(local);
        });
        return y;
    }
}
