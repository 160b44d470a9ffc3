using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Conv;

public sealed class MaxPool2dTests
{
    [Theory]
    [InlineData(2, 3, 6, 6, 2, 2)]
    [InlineData(1, 2, 7, 5, 2, 2)]
    [InlineData(2, 2, 7, 7, 3, 2)]
    [InlineData(1, 1, 28, 28, 2, 2)]
    public void ForwardTakesTheMaximumOfEachWindow(int n, int c, int h, int w, int k, int s)
    {
        var x = ConvReference.Random(n * c * h * w, 41);

        var y = Ops.MaxPool2d(new Tensor(x, n, c, h, w), k, s);

        Assert.Equal([n, c, (h - k) / s + 1, (w - k) / s + 1], y.Shape);
        Assert.Equal(ConvReference.MaxPool2d(x, n, c, h, w, k, s), y.Data);
    }

    [Theory]
    [InlineData(2, 3, 6, 6, 2, 2)]
    [InlineData(1, 2, 7, 5, 2, 2)]
    [InlineData(2, 2, 7, 7, 3, 2)]
    public void GradientsMatchFiniteDifferences(int n, int c, int h, int w, int k, int s)
    {
        // Distinct values at least 1e-3 apart, so a step of 1e-4 never changes which element is the maximum.
        var count = n * c * h * w;
        var order = Enumerable.Range(0, count).OrderBy(i => (i * 7919) % 104729).ToArray();
        var values = new float[count];
        for (var i = 0; i < count; i++) values[order[i]] = (i - count / 2) * 1e-3f;
        var x = Tensor.Parameter(values, [n, c, h, w], "x");
        var target = ConvReference.Random(n * c * ((h - k) / s + 1) * ((w - k) / s + 1), 42, 0.1f);

        FiniteDifferences.Check(() => Ops.MaxPool2d(x, k, s), target, [x], step: 1e-4f, absolute: 1e-4, relative: 1e-2);
    }

    [Fact]
    public void TiedMaximaSendTheGradientToTheFirstOnly()
    {
        var x = Tensor.Parameter([1f, 1f, 0f, 1f], [1, 1, 2, 2], "x");

        var loss = Ops.MeanSquaredError(Ops.MaxPool2d(x), new Tensor([0f], 1, 1, 1, 1));
        loss.Backward();

        Assert.Equal([2f, 0f, 0f, 0f], x.Grad!);
    }
}
