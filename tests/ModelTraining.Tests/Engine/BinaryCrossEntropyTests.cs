using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>
/// The fused sigmoid + binary cross-entropy on lengths that run through the vector blocks and the scalar tail
/// (including huge logits inside the vector part), against the definition in double precision, and its logit gradient
/// whether it is written (an intermediate's first gradient) or added (a parameter).
/// </summary>
public sealed class BinaryCrossEntropyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(1037)]
    [InlineData(3 * 784)]
    public void LossAndLogitGradientEqualTheDefinition(int count)
    {
        var rng = new Random(count);
        var z = Enumerable.Range(0, count).Select(i => i % 97 == 5 ? (i % 2 == 0 ? 60f : -60f) : (float)(rng.NextDouble() * 16 - 8)).ToArray();
        var t = Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble()).ToArray();
        double expected = 0;
        var expectedGrad = new double[count];
        for (var i = 0; i < count; i++)
        {
            expected += Math.Max(z[i], 0) - (double)z[i] * t[i] + Math.Log(1 + Math.Exp(-Math.Abs((double)z[i])));
            expectedGrad[i] = (1 / (1 + Math.Exp(-(double)z[i])) - t[i]) / count;
        }
        var logits = Tensor.Parameter((float[])z.Clone(), [count], "z");

        var loss = Ops.BinaryCrossEntropyWithLogits(logits, new Tensor(t, count));
        loss.Backward();

        Assert.Equal(expected / count, loss.Item(), 1e-5);
        for (var i = 0; i < count; i++) Assert.Equal(expectedGrad[i], logits.Grad![i], 1e-6);
    }

    [Fact]
    public void AnIntermediatesWrittenGradientEqualsAParametersAddedOne()
    {
        var rng = new Random(5);
        const int count = 777;
        var z = Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        var t = new Tensor(Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble()).ToArray(), count);
        var direct = Tensor.Parameter((float[])z.Clone(), [count], "direct");
        var behindAdd = Tensor.Parameter((float[])z.Clone(), [count], "behindAdd");

        Ops.BinaryCrossEntropyWithLogits(direct, t).Backward();
        // Through an Add the logits are a pooled intermediate: its first gradient is written into an uncleared buffer.
        Ops.BinaryCrossEntropyWithLogits(Ops.Add(behindAdd, new Tensor(new float[count], count)), t).Backward();

        Assert.Equal(direct.Grad!, behindAdd.Grad!);
    }
}
