using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Optimizers;

/// <summary>Stochastic gradient descent with optional (heavy-ball) momentum: <c>v = μv + g; w −= lr·v</c>.</summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][] velocity;

    public Sgd(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0f)
        : base(parameters, learningRate)
    {
        if (!float.IsFinite(momentum) || momentum < 0f || momentum >= 1f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        Momentum = momentum;
        velocity = Parameters.Select(p => new float[p.Size]).ToArray();
    }

    public float Momentum { get; }

    protected override void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient)
    {
        if (Momentum == 0f)
        {
            TensorPrimitives.MultiplyAdd(gradient, -LearningRate, weights, weights);
            return;
        }
        var v = velocity[index];
        TensorPrimitives.MultiplyAdd(v, Momentum, gradient, v);
        TensorPrimitives.MultiplyAdd(v, -LearningRate, weights, weights);
    }
}
