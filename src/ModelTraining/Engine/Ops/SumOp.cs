using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>Sum of all values, a scalar. Gradient: the output gradient broadcast to every value.</summary>
    public static Tensor Sum(Tensor x)
    {
        var y = Tensor.ForOp([], x);
        y.Data[0] = TensorPrimitives.Sum(x.Data);
        y.SetBackward(output =>
        {
            var dx = x.AccumulateGrad();
            TensorPrimitives.Add(dx, output.Grad![0], dx);
        });
        return y;
    }
}
