namespace DenoiseApi.Training.Engine.Optimizers;

/// <summary>Updates parameters from their accumulated gradients; <see cref="Step"/> is apart from zeroing gradients.</summary>
public abstract class Optimizer
{
    private float learningRate;

    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter.", nameof(parameters));
        foreach (var p in Parameters)
        {
            if (!p.RequiresGrad) throw new ArgumentException($"{p} does not require a gradient, so it cannot be optimized.", nameof(parameters));
        }
        LearningRate = learningRate;
    }

    /// <summary>The tensors this optimizer updates.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Step size; a schedule may change it between steps. Must be finite and positive.</summary>
    public float LearningRate
    {
        get => learningRate;
        set
        {
            if (!float.IsFinite(value) || value <= 0f) throw new ArgumentOutOfRangeException(nameof(value), value, "Learning rate must be finite and positive.");
            learningRate = value;
        }
    }

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update from the current gradients (parameters without a gradient are skipped).</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is not null) Update(i, p.Data, p.Grad);
        }
    }

    /// <summary>Updates parameter number <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient);
}
