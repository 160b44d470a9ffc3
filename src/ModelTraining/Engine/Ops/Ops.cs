namespace DenoiseApi.Training.Engine;

/// <summary>
/// The engine's primitive operations. Each op lives in its own file (<c>Engine/Ops/&lt;Name&gt;Op.cs</c>) with its
/// forward computation and, in the same place, the one rule that pushes the output gradient to its inputs.
/// Unsupported shapes throw <see cref="ArgumentException"/> naming the op and the shapes.
/// </summary>
public static partial class Ops
{
    internal static ArgumentException ShapeError(string op, string detail, params Tensor[] tensors) =>
        new($"{op}: {detail} (got {string.Join(" and ", tensors.Select(t => Tensor.FormatShape(t.Shape)))}).");

    internal static void RequireRank(string op, Tensor t, int rank)
    {
        if (t.Rank != rank) throw ShapeError(op, $"expects a rank-{rank} tensor", t);
    }
}
