using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Same values, new shape (one dimension may be -1 and is inferred). Gradient is reshaped back. The values are
    /// copied, so the result owns its buffer like every other op result.
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var resolved = ResolveShape(x, shape);
        var y = Tensor.ForOp(resolved, x);
        x.Data.CopyTo(y.Data, 0);
        y.SetBackward(output =>
        {
            var dx = x.AccumulateGrad();
            TensorPrimitives.Add(dx, output.Grad!, dx);
        });
        return y;
    }

    /// <summary>[N, d1, d2, …] → [N, d1·d2·…].</summary>
    public static Tensor Flatten(Tensor x)
    {
        if (x.Rank < 1) throw ShapeError(nameof(Flatten), "needs at least a batch dimension", x);
        return x.Rank == 2 ? x : Reshape(x, x.Shape[0], -1);
    }

    private static int[] ResolveShape(Tensor x, int[] shape)
    {
        var resolved = (int[])shape.Clone();
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (inferred >= 0) throw ShapeError(nameof(Reshape), "only one dimension may be -1", x);
                inferred = i;
            }
            else if (resolved[i] < 0)
            {
                throw ShapeError(nameof(Reshape), $"invalid target dimension {resolved[i]}", x);
            }
            else
            {
                known *= resolved[i];
            }
        }
        if (inferred >= 0)
        {
            if (known == 0 || x.Size % known != 0) throw ShapeError(nameof(Reshape), $"cannot infer -1 in [{string.Join(",", shape)}]", x);
            resolved[inferred] = (int)(x.Size / known);
        }
        else if (known != x.Size)
        {
            throw ShapeError(nameof(Reshape), $"target [{string.Join(",", shape)}] holds {known} values", x);
        }
        return resolved;
    }
}
