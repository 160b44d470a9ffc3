using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Element-wise product. Shapes must match, or the second operand's shape must be a suffix of the first's
    /// (broadcast over the leading dimensions, like <see cref="Add"/>). Gradients: da += dy·b, db += Σ dy·a.
    /// </summary>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        if (!IsSuffix(b.Shape, a.Shape)) throw ShapeError(nameof(Multiply), "second shape must equal the first or be a suffix of it (broadcast over leading dimensions)", a, b);
        var y = Tensor.ForOp(a.Shape, a, b);
        var inner = b.Size;
        var repeats = inner == 0 ? 0 : a.Size / inner;
        for (var r = 0; r < repeats; r++) TensorPrimitives.Multiply(a.Data.AsSpan(r * inner, inner), b.Data, y.Data.AsSpan(r * inner, inner));

        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            if (a.RequiresGrad)
            {
                var da = a.AccumulateGrad();
                for (var r = 0; r < repeats; r++)
                {
                    var slice = da.AsSpan(r * inner, inner);
                    TensorPrimitives.MultiplyAdd(dy.AsSpan(r * inner, inner), b.Data, slice, slice);
                }
            }
            if (b.RequiresGrad)
            {
                var db = b.AccumulateGrad();
                for (var r = 0; r < repeats; r++) TensorPrimitives.MultiplyAdd(dy.AsSpan(r * inner, inner), a.Data.AsSpan(r * inner, inner), db, db);
            }
        });
        return y;
    }
}
