using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>
/// Compares the engine's analytic gradients with central finite differences. The op's output y is reduced to the
/// scalar L = Σ w⊙y with fixed random weights w (so every output value matters, with a different weight); for every
/// input that requires a gradient and every value x of it, (L(x+h) − L(x−h)) / 2h must match ∂L/∂x within
/// atol + rtol·|numeric|. L is accumulated in double to keep the difference quotient accurate.
/// </summary>
internal static class GradientCheck
{
    public static void Verify(Func<Tensor[], Tensor> f, Tensor[] inputs, float h = 1e-2f, double atol = 1e-3, double rtol = 1e-2, int seed = 7)
    {
        float[] weights;
        int[] outputShape;
        using (GradMode.Disable())
        {
            var probe = f(inputs);
            outputShape = probe.Shape;
            var rng = new Random(seed);
            weights = new float[probe.Size];
            for (var i = 0; i < weights.Length; i++) weights[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        foreach (var input in inputs) input.ZeroGrad();
        var y = f(inputs);
        var loss = Ops.Sum(Ops.Multiply(y, new Tensor(weights, outputShape)));
        loss.Backward();

        double Objective()
        {
            using var _ = GradMode.Disable();
            var output = f(inputs).Data;
            double sum = 0;
            for (var i = 0; i < output.Length; i++) sum += (double)output[i] * weights[i];
            return sum;
        }

        var checkedValues = 0;
        for (var t = 0; t < inputs.Length; t++)
        {
            var input = inputs[t];
            if (!input.RequiresGrad) continue;
            Assert.NotNull(input.Grad);
            for (var i = 0; i < input.Size; i++)
            {
                var saved = input.Data[i];
                input.Data[i] = saved + h;
                var plus = Objective();
                input.Data[i] = saved - h;
                var minus = Objective();
                input.Data[i] = saved;
                var numeric = (plus - minus) / (2 * h);
                var analytic = (double)input.Grad![i];
                var tolerance = atol + rtol * Math.Abs(numeric);
                Assert.True(
                    Math.Abs(analytic - numeric) <= tolerance,
                    $"input {t} value {i}: analytic {analytic:G6}, numeric {numeric:G6}, tolerance {tolerance:G3}");
                checkedValues++;
            }
        }
        Assert.True(checkedValues > 0, "No input required a gradient.");
    }

    /// <summary>A trainable tensor with values uniform in [-scale, scale], at least <paramref name="awayFromZero"/> from 0.</summary>
    public static Tensor Parameter(Random rng, float scale, float awayFromZero, params int[] shape)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[size];
        for (var i = 0; i < size; i++)
        {
            var magnitude = awayFromZero + (float)rng.NextDouble() * (scale - awayFromZero);
            data[i] = rng.Next(2) == 0 ? -magnitude : magnitude;
        }
        return Tensor.Parameter(data, shape);
    }

    public static Tensor Parameter(Random rng, params int[] shape) => Parameter(rng, 1f, 0f, shape);

    public static Tensor Constant(Random rng, float low, float high, params int[] shape)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[size];
        for (var i = 0; i < size; i++) data[i] = low + (float)rng.NextDouble() * (high - low);
        return new Tensor(data, shape);
    }
}
