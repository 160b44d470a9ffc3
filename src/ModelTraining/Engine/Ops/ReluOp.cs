using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary><c>max(x, 0)</c>. Gradient passes where x &gt; 0 (0 at x = 0, as PyTorch).</summary>
    public static Tensor Relu(Tensor x)
    {
        var y = Tensor.ForOp(x.Shape, x);
        System.Numerics.Tensors.TensorPrimitives.Max(x.Data, 0f, y.Data);
        y.SetBackward(output =>
        {
            var dy = output.Grad!.AsSpan();
            var dx = x.AccumulateGrad().AsSpan();
            var xd = x.Data.AsSpan();
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= dx.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var mask = Vector256.GreaterThan(Vector256.Create(xd.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                    var sum = Vector256.Create(dx.Slice(i, Vector256<float>.Count)) + (Vector256.Create(dy.Slice(i, Vector256<float>.Count)) & mask);
                    sum.CopyTo(dx.Slice(i));
                }
            }
            for (; i < dx.Length; i++)
            {
                if (xd[i] > 0f) dx[i] += dy[i];
            }
        });
        return y;
    }
}
