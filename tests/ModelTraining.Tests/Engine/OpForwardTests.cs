using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>Forward values against the textbook formulas (computed here in double), including extreme inputs.</summary>
public class OpForwardTests
{
    [Fact]
    public void BinaryCrossEntropyFromLogitsEqualsTheDefinitionOnProbabilities()
    {
        float[] z = [-3f, -0.5f, 0f, 0.7f, 4f, 2f];
        float[] t = [0f, 0.2f, 1f, 0.5f, 1f, 0f];
        double expected = 0;
        for (var i = 0; i < z.Length; i++)
        {
            var p = 1 / (1 + Math.Exp(-z[i]));
            expected -= t[i] * Math.Log(p) + (1 - t[i]) * Math.Log(1 - p);
        }
        expected /= z.Length;
        var loss = Ops.BinaryCrossEntropyWithLogits(new Tensor(z, 2, 3), new Tensor(t, 2, 3)).Item();
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void BinaryCrossEntropyStaysFiniteForHugeLogits()
    {
        var loss = Ops.BinaryCrossEntropyWithLogits(new Tensor([500f, -500f], 2), new Tensor([0f, 1f], 2)).Item();
        Assert.Equal(500f, loss, 2);
    }

    [Fact]
    public void SoftmaxCrossEntropyEqualsTheDefinitionAndIsStable()
    {
        float[] logits = [1f, 2f, 3f, 1000f, 0f, -1000f];
        var loss = Ops.SoftmaxCrossEntropy(new Tensor(logits, 2, 3), [2, 1]).Item();
        var first = -(3 - Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
        var second = 1000.0; // log-sum-exp is 1000, the label's logit 0
        Assert.Equal((first + second) / 2, loss, 3);
    }

    [Fact]
    public void SoftmaxRowsArePositiveAndSumToOne()
    {
        var y = Ops.Softmax(new Tensor([1f, 2f, 3f, 1000f, 0f, -1000f], 2, 3));
        Assert.All(y.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, y.Data[0] + y.Data[1] + y.Data[2], 5);
        Assert.Equal(1f, y.Data[3], 5);
    }

    [Fact]
    public void MeanSquaredErrorIsTheMeanOfSquaredDifferences()
    {
        var loss = Ops.MeanSquaredError(new Tensor([1f, 2f, 3f, 4f], 4), new Tensor([0f, 2f, 5f, 3f], 4)).Item();
        Assert.Equal((1 + 0 + 4 + 1) / 4f, loss, 6);
    }

    [Fact]
    public void LinearComputesXTimesWTransposedPlusBias()
    {
        var x = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var w = new Tensor([1f, 0f, -1f, 2f, 1f, 0f], 2, 3);
        var b = new Tensor([10f, 20f], 2);
        var y = Ops.Linear(x, w, b);
        Assert.Equal(new float[] { 1 - 3 + 10, 2 + 2 + 20, 4 - 6 + 10, 8 + 5 + 20 }, y.Data);
    }

    [Fact]
    public void ActivationsMatchTheirDefinitions()
    {
        var x = new Tensor([-2f, 0f, 3f], 3);
        Assert.Equal(new float[] { 0f, 0f, 3f }, Ops.Relu(x).Data);
        Assert.Equal(new float[] { -0.2f, 0f, 3f }, Ops.LeakyRelu(x, 0.1f).Data);
        var s = Ops.Sigmoid(x).Data;
        Assert.Equal(1 / (1 + Math.Exp(2)), s[0], 6);
        Assert.Equal(0.5, s[1], 6);
    }
}
