using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Optimizers;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>Optimizer updates against hand-computed steps, and hyperparameter validation.</summary>
public class OptimizerTests
{
    [Fact]
    public void AdamFirstStepMovesEachWeightByTheLearningRateAgainstTheGradientSign()
    {
        // Step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², so Δw = −lr·g/(|g| + ε) = −lr·sign(g).
        var w = Tensor.Parameter([1f, -2f, 0.5f], [3]);
        var adam = new Adam([w], learningRate: 0.1f);
        SetGradient(w, [0.5f, -3f, 1e-3f]);
        adam.Step();
        Assert.Equal(0.9f, w.Data[0], 5);
        Assert.Equal(-1.9f, w.Data[1], 5);
        Assert.Equal(0.4f, w.Data[2], 4);
    }

    [Fact]
    public void AdamSecondStepUsesBiasCorrectedMoments()
    {
        var w = Tensor.Parameter([1f], [1]);
        var adam = new Adam([w], learningRate: 0.01f, beta1: 0.9f, beta2: 0.999f, epsilon: 1e-8f);
        SetGradient(w, [0.5f]);
        adam.Step();
        SetGradient(w, [-1f]);
        adam.Step();

        // Hand computation in double.
        double m1 = 0.1 * 0.5, v1 = 0.001 * 0.25;
        var w1 = 1 - 0.01 * (m1 / 0.1) / (Math.Sqrt(v1 / 0.001) + 1e-8);
        double m2 = 0.9 * m1 + 0.1 * -1, v2 = 0.999 * v1 + 0.001 * 1;
        var mHat = m2 / (1 - 0.9 * 0.9);
        var vHat = v2 / (1 - 0.999 * 0.999);
        var w2 = w1 - 0.01 * mHat / (Math.Sqrt(vHat) + 1e-8);
        Assert.Equal(w2, w.Data[0], 5);
    }

    [Fact]
    public void AdamVectorAndScalarPathsAgree()
    {
        // 11 weights: one 8-wide vector and a 3-value tail, all with the same gradient, must move identically.
        var w = Tensor.Parameter(Enumerable.Repeat(0.3f, 11).ToArray(), [11]);
        var adam = new Adam([w], learningRate: 0.05f);
        for (var step = 0; step < 3; step++)
        {
            SetGradient(w, Enumerable.Repeat(0.2f * (step + 1), 11).ToArray());
            adam.Step();
        }
        Assert.All(w.Data, v => Assert.Equal(w.Data[0], v, 6));
        Assert.True(w.Data[0] < 0.3f);
    }

    [Fact]
    public void SgdWithMomentumAccumulatesVelocity()
    {
        var w = Tensor.Parameter([1f], [1]);
        var sgd = new Sgd([w], learningRate: 0.1f, momentum: 0.9f);
        SetGradient(w, [1f]);
        sgd.Step(); // v = 1, w = 0.9
        sgd.Step(); // v = 1.9, w = 0.71
        Assert.Equal(0.71f, w.Data[0], 5);
    }

    [Fact]
    public void OptimizersRejectBadHyperparameters()
    {
        var w = Tensor.Parameter([1f], [1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], learningRate: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], learningRate: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], beta2: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], epsilon: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([w], 0.1f, momentum: 1f));
        Assert.Throws<ArgumentException>(() => new Adam([]));
        Assert.Throws<ArgumentException>(() => new Adam([new Tensor([1f], 1)]));
    }

    private static void SetGradient(Tensor w, float[] gradient)
    {
        w.ZeroGrad();
        var loss = Ops.Sum(Ops.Multiply(w, new Tensor(gradient, w.Shape)));
        loss.Backward();
    }
}
