using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>The graph mechanics: accumulation, no-grad mode, releasing buffers, clear errors.</summary>
public class AutogradTests
{
    [Fact]
    public void BackwardTwiceWithoutZeroGradAccumulates()
    {
        var x = Tensor.Parameter([1f, -2f, 3f], [3]);
        var w = new Tensor([2f, 5f, -1f], 3);
        Ops.Sum(Ops.Multiply(x, w)).Backward();
        Ops.Sum(Ops.Multiply(x, w)).Backward();
        Assert.Equal(new float[] { 4f, 10f, -2f }, x.Grad);
        x.ZeroGrad();
        Assert.Equal(new float[] { 0f, 0f, 0f }, x.Grad);
    }

    [Fact]
    public void AddingATensorToItselfDoublesItsGradient()
    {
        var x = Tensor.Parameter([1f, 2f], [2]);
        Ops.Sum(Ops.Add(x, x)).Backward();
        Assert.Equal(new float[] { 2f, 2f }, x.Grad);
    }

    [Fact]
    public void NoGradModeRecordsNoGraph()
    {
        var x = Tensor.Parameter([1f, 2f], [1, 2]);
        Tensor y;
        using (GradMode.Disable())
        {
            y = Ops.Relu(x);
            Assert.False(GradMode.IsEnabled);
        }
        Assert.True(GradMode.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.False(y.HasGraph);
        Assert.Throws<InvalidOperationException>(() => Ops.Sum(y).Backward());
    }

    [Fact]
    public void OpsOnConstantsDoNotRequireGradients()
    {
        var y = Ops.Sigmoid(new Tensor([0f], 1));
        Assert.False(y.RequiresGrad);
        Assert.Equal(0.5f, y.Data[0]);
    }

    [Fact]
    public void BackwardNeedsAScalar()
    {
        var x = Tensor.Parameter([1f, 2f], [2]);
        var ex = Assert.Throws<InvalidOperationException>(() => Ops.Relu(x).Backward());
        Assert.Contains("scalar", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleaseGraphFreesIntermediatesAndKeepsParametersAndInputs()
    {
        var input = new Tensor([1f, -1f], 1, 2);
        var w = Tensor.Parameter([1f, 2f, 3f, 4f], [2, 2]);
        var hidden = Ops.Linear(input, w, null);
        var loss = Ops.Sum(Ops.Relu(hidden));
        loss.Backward();
        var gradient = (float[])w.Grad!.Clone();
        loss.ReleaseGraph();

        Assert.Empty(hidden.Data);
        Assert.Null(hidden.Grad);
        Assert.Equal(new float[] { 1f, -1f }, input.Data);
        Assert.Equal(new float[] { 1f, 2f, 3f, 4f }, w.Data);
        Assert.Equal(gradient, w.Grad);
    }

    [Fact]
    public void ShapeMismatchesThrowNamingTheOp()
    {
        var a = new Tensor(new float[6], 2, 3);
        var b = new Tensor(new float[6], 2, 3);
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(a, b));
        Assert.Contains("MatMul", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Ops.Add(a, new Tensor(new float[2], 2)));
        Assert.Throws<ArgumentException>(() => Ops.Reshape(a, 4, -1));
        Assert.Throws<ArgumentException>(() => new Tensor(new float[5], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.SoftmaxCrossEntropy(a, [0, 3]));
    }

    [Fact]
    public void ReshapeInfersTheMinusOneDimension()
    {
        var x = new Tensor(new float[24], 2, 3, 4);
        Assert.Equal(new[] { 2, 12 }, Ops.Flatten(x).Shape);
        Assert.Equal(new[] { 4, 1, 6 }, Ops.Reshape(x, 4, 1, -1).Shape);
    }
}
