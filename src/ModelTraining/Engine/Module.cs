namespace DenoiseApi.Training.Engine;

/// <summary>
/// A piece of a network: a forward function plus the parameters it owns and the sub-modules it is made of.
/// <see cref="Parameters"/> lists every trainable tensor (own first, then children, in a stable order that
/// checkpoints and best-weights restore rely on); <see cref="ZeroGrad"/> clears their gradients.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Module is the name every autograd framework uses for this concept.")]
public abstract class Module
{
    /// <summary>Computes the output for <paramref name="input"/>, recording the graph unless in no-grad mode.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Every trainable tensor of this module and its children.</summary>
    public IEnumerable<Tensor> Parameters()
    {
        foreach (var p in OwnParameters()) yield return p;
        foreach (var child in Children())
        {
            foreach (var p in child.Parameters()) yield return p;
        }
    }

    /// <summary>Total number of trainable values.</summary>
    public int ParameterCount => Parameters().Sum(p => p.Size);

    /// <summary>Clears the gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>A copy of every parameter's values, in <see cref="Parameters"/> order.</summary>
    public float[][] SnapshotWeights() => Parameters().Select(p => (float[])p.Data.Clone()).ToArray();

    /// <summary>Copies values taken by <see cref="SnapshotWeights"/> (of a module of the same architecture) back.</summary>
    public void RestoreWeights(float[][] weights)
    {
        var parameters = Parameters().ToArray();
        if (weights.Length != parameters.Length) throw new ArgumentException($"Snapshot has {weights.Length} tensors, the module {parameters.Length}.", nameof(weights));
        for (var i = 0; i < parameters.Length; i++)
        {
            if (weights[i].Length != parameters[i].Size) throw new ArgumentException($"Snapshot tensor {i} has {weights[i].Length} values, parameter {parameters[i]} {parameters[i].Size}.", nameof(weights));
            weights[i].CopyTo(parameters[i].Data, 0);
        }
    }

    /// <summary>Parameters this module holds directly.</summary>
    protected virtual IEnumerable<Tensor> OwnParameters() => [];

    /// <summary>Sub-modules, in forward order.</summary>
    protected virtual IEnumerable<Module> Children() => [];
}
