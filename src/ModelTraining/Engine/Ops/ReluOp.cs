using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary><c>max(x, 0)</c>. Gradient passes where x &gt; 0 (0 at x = 0, as PyTorch).</summary>
    public static Tensor Relu(Tensor x)
    {
        var y = Tensor.ForOp(x.Shape, x);
        TensorPrimitives.Max(x.Data, 0f, y.Data);
        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            var dx = x.AccumulateGrad();
            var xd = x.Data;
            for (var i = 0; i < dx.Length; i++)
            {
                if (xd[i] > 0f) dx[i] += dy[i];
            }
        });
        return y;
    }
}
