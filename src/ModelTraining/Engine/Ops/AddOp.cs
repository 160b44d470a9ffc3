using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Element-wise sum. Shapes must match, or the second operand's shape must be a suffix of the first's (a bias
    /// [C] added to every row of [N,C], a [C,H,W] added to every item of [N,C,H,W]); its gradient is then the sum of
    /// the output gradient over the repeated leading dimensions.
    /// </summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        if (!IsSuffix(b.Shape, a.Shape)) throw ShapeError(nameof(Add), "second shape must equal the first or be a suffix of it (broadcast over leading dimensions)", a, b);
        var y = Tensor.ForOp(a.Shape, a, b);
        var inner = b.Size;
        var repeats = inner == 0 ? 0 : a.Size / inner;
        for (var r = 0; r < repeats; r++) TensorPrimitives.Add(a.Data.AsSpan(r * inner, inner), b.Data, y.Data.AsSpan(r * inner, inner));

        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            if (a.RequiresGrad)
            {
                var da = a.AccumulateGrad();
                TensorPrimitives.Add(da, dy, da);
            }
            if (b.RequiresGrad)
            {
                var db = b.AccumulateGrad();
                for (var r = 0; r < repeats; r++) TensorPrimitives.Add(db, dy.AsSpan(r * inner, inner), db);
            }
        });
        return y;
    }

    private static bool IsSuffix(int[] suffix, int[] shape)
    {
        if (suffix.Length > shape.Length) return false;
        var offset = shape.Length - suffix.Length;
        for (var i = 0; i < suffix.Length; i++)
        {
            if (suffix[i] != shape[offset + i]) return false;
        }
        return true;
    }
}
