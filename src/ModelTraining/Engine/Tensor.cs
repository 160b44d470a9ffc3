using System.Globalization;

namespace DenoiseApi.Training.Engine;

/// <summary>
/// A dense float tensor (row-major) that takes part in reverse-mode autograd, in the spirit of micrograd: it knows its
/// data, its gradient, the tensors it was computed from, and a rule that pushes its gradient to them.
/// <see cref="Backward"/> walks the graph in reverse topological order; gradients accumulate (<c>+=</c>), so a tensor
/// used twice receives both contributions.
/// </summary>
public sealed class Tensor
{
    private static readonly Tensor[] NoParents = [];
    private Action<Tensor>? backwardRule;
    private Tensor[] parents = NoParents;
    private bool pooled;
    private float[]? saved;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape; no gradient.</summary>
    public Tensor(float[] data, params int[] shape)
        : this(data, shape, requiresGrad: false)
    {
    }

    private Tensor(float[] data, int[] shape, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var size = ShapeSize(shape);
        if (size != data.Length)
        {
            throw new ArgumentException(
                $"Shape {FormatShape(shape)} holds {size} values but the data has {data.Length}.", nameof(data));
        }
        Data = data;
        Shape = (int[])shape.Clone();
        RequiresGrad = requiresGrad;
    }

    /// <summary>The values, row-major. Released graph intermediates have an empty array.</summary>
    public float[] Data { get; private set; }

    /// <summary>The dimensions; do not modify.</summary>
    public int[] Shape { get; }

    /// <summary>Number of values.</summary>
    public int Size => Data.Length;

    /// <summary>Rank (number of dimensions).</summary>
    public int Rank => Shape.Length;

    /// <summary>The accumulated gradient of the last backward pass, or null if none reached this tensor yet.</summary>
    public float[]? Grad { get; private set; }

    /// <summary>Whether gradients are computed for this tensor (parameters, and results of ops on them).</summary>
    public bool RequiresGrad { get; }

    /// <summary>Whether this tensor was produced by an op with a recorded backward rule.</summary>
    public bool HasGraph => backwardRule is not null;

    /// <summary>Optional name (parameters use it for export and checkpoints).</summary>
    public string? Name { get; init; }

    /// <summary>A trainable leaf: owns its data and a persistent gradient buffer.</summary>
    public static Tensor Parameter(float[] data, int[] shape, string? name = null) =>
        new(data, shape, requiresGrad: true) { Name = name };

    /// <summary>A new tensor of zeros (no gradient).</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[ShapeSize(shape)], shape);

    /// <summary>Scalar value of a one-element tensor.</summary>
    public float Item()
    {
        if (Size != 1) throw new InvalidOperationException($"Item() needs a one-element tensor, this one is {FormatShape(Shape)}.");
        return Data[0];
    }

    /// <summary>Size of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => Shape[axis < 0 ? Shape.Length + axis : axis];

    /// <summary>
    /// Back-propagates from this scalar (seed gradient 1) through every recorded op, accumulating into
    /// <see cref="Grad"/> of every tensor that requires a gradient.
    /// </summary>
    public void Backward()
    {
        if (Size != 1) throw new InvalidOperationException($"Backward() starts from a scalar loss, this tensor is {FormatShape(Shape)}.");
        if (!RequiresGrad) throw new InvalidOperationException("Backward() on a tensor that does not require a gradient (was it computed in no-grad mode or from constants only?).");
        var order = TopologicalOrder();
        AccumulateGrad()[0] += 1f;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node.backwardRule is not null && node.Grad is not null) node.backwardRule(node);
        }
    }

    /// <summary>
    /// Returns the data and gradient buffers of every intermediate of this graph to the buffer pool and cuts the
    /// graph. Parameters and inputs are untouched. Read what you need (e.g. the loss value) before calling.
    /// </summary>
    public void ReleaseGraph()
    {
        foreach (var node in TopologicalOrder())
        {
            node.backwardRule = null;
            node.parents = NoParents;
            if (node.saved is not null) BufferPool.Return(node.saved);
            node.saved = null;
            if (!node.pooled) continue;
            BufferPool.Return(node.Data);
            node.Data = [];
            if (node.Grad is not null) BufferPool.Return(node.Grad);
            node.Grad = null;
            node.pooled = false;
        }
    }

    /// <summary>Sets the gradient to zero (keeps the buffer).</summary>
    public void ZeroGrad()
    {
        if (Grad is not null) Array.Clear(Grad);
    }

    /// <summary>A copy of the values with no graph and no gradient.</summary>
    public Tensor Detach() => new((float[])Data.Clone(), Shape);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Tensor{FormatShape(Shape)}{(Name is null ? "" : " " + Name)}");

    /// <summary>
    /// The gradient buffer, created (zeroed) on first use. Ops call this on their parents in backward rules.
    /// </summary>
    internal float[] AccumulateGrad()
    {
        if (Grad is null) Grad = pooled ? BufferPool.RentCleared(Size) : new float[Size];
        return Grad;
    }

    /// <summary>
    /// The gradient buffer for a backward rule that writes every value of it. When no gradient reached this
    /// intermediate yet, a pooled buffer with arbitrary contents and <paramref name="overwrite"/> = true: the rule
    /// stores its gradient instead of adding it, which saves clearing the buffer and reading the zeros back (two passes
    /// over memory for a large activation). Otherwise (a gradient is already there, or a parameter or input) the
    /// buffer of <see cref="AccumulateGrad"/> and false: the rule adds.
    /// </summary>
    internal float[] GradToWrite(out bool overwrite)
    {
        overwrite = Grad is null && pooled;
        if (overwrite) Grad = BufferPool.Rent(Size);
        return AccumulateGrad();
    }

    /// <summary>
    /// A result tensor for an op: data rented from the pool (contents arbitrary: the op must write every value);
    /// it requires a gradient when recording is on and any parent requires one.
    /// </summary>
    internal static Tensor ForOp(int[] shape, params Tensor[] inputs)
    {
        var requiresGrad = false;
        if (GradMode.IsEnabled)
        {
            foreach (var input in inputs) requiresGrad |= input.RequiresGrad;
        }
        var result = new Tensor(BufferPool.Rent(ShapeSize(shape)), shape, requiresGrad) { pooled = true };
        if (requiresGrad) result.parents = inputs;
        return result;
    }

    /// <summary>
    /// A pooled buffer an op keeps for its backward rule (like PyTorch's save_for_backward); it goes back to the pool
    /// with <see cref="ReleaseGraph"/>. Only call on a result that requires a gradient.
    /// </summary>
    internal float[] SaveForBackward(int length)
    {
        if (saved is not null) throw new InvalidOperationException("This tensor already saved a buffer for its backward pass.");
        saved = BufferPool.Rent(length);
        return saved;
    }

    /// <summary>Attaches the rule that pushes this tensor's gradient into its parents (only when it requires one).</summary>
    internal void SetBackward(Action<Tensor> rule)
    {
        if (RequiresGrad) backwardRule = rule;
    }

    internal static int ShapeSize(int[] shape)
    {
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in shape {FormatShape(shape)}.", nameof(shape));
            size *= d;
            if (size > Array.MaxLength) throw new ArgumentException($"Shape {FormatShape(shape)} is too large.", nameof(shape));
        }
        return (int)size;
    }

    internal static string FormatShape(int[] shape) => "[" + string.Join(",", shape) + "]";

    private List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int NextParent)>();
        stack.Push((this, 0));
        visited.Add(this);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.parents.Length)
            {
                stack.Push((node, next + 1));
                var parent = node.parents[next];
                if (visited.Add(parent)) stack.Push((parent, 0));
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }
}
