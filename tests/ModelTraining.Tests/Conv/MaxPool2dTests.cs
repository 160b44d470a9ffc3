using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Kernels;

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

    [Theory]
    [InlineData(17, 16)]
    [InlineData(6, 30)]
    [InlineData(5, 34)]
    [InlineData(4, 9)]
    public void WideRowsTakeTheVectorPathWithTheSameMaximaAndGradients(int h, int w)
    {
        // Values drawn from a few levels, so many windows hold ties, plus NaNs: the vectorised 2x2 path must pick the
        // same element as the textbook rule (the first maximum in row-major order, a NaN beats any number).
        const int n = 2, c = 3;
        var x = ConvReference.Random(n * c * h * w, 43).Select(v => MathF.Round(v * 2f) / 2f).ToArray();
        for (var i = 5; i < x.Length; i += 37) x[i] = float.NaN;
        var input = Tensor.Parameter(x, [n, c, h, w], "x");
        int oh = h / 2, ow = w / 2;
        var gradOut = ConvReference.Random(n * c * oh * ow, 44);

        var y = Ops.MaxPool2d(input);
        var loss = Ops.Sum(Ops.Multiply(y, new Tensor(gradOut, n, c, oh, ow)));
        loss.Backward();

        var expected = ConvReference.MaxPool2d(x, n, c, h, w, 2, 2);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y.Data[i]);
        Assert.Equal(FirstMaximumGradient(x, n * c, h, w, gradOut), input.Grad!);
    }

    [Theory]
    [InlineData(7, 9)]
    [InlineData(6, 20)]
    [InlineData(28, 28)]
    [InlineData(5, 34)]
    [InlineData(3, 14)]
    [InlineData(4, 12)]
    [InlineData(2, 6)]
    public void WinnersRecordedInForwardRouteTheGradientLikeTheSearchInBackward(int h, int w)
    {
        if (!new MaxPoolKernel(h, w, 2, 2).KeepsWinners) return;
        var pool = new MaxPoolKernel(h, w, 2, 2);
        var x = ConvReference.Random(h * w, 45).Select(v => MathF.Round(v * 2f) / 2f).ToArray();
        for (var i = 3; i < x.Length; i += 29) x[i] = float.NaN;
        var y = new float[pool.OutPlane];
        var winners = new byte[pool.OutPlane];
        pool.Forward(x, y, winners);
        var gradOut = ConvReference.Random(pool.OutPlane, 46);
        var searched = ConvReference.Random(h * w, 47);
        var routed = (float[])searched.Clone();
        var searchedFresh = new float[h * w];
        var routedFresh = Enumerable.Repeat(float.NaN, h * w).ToArray();

        pool.Backward(x, y, gradOut, searched);
        pool.BackwardFromWinners(winners, gradOut, routed, overwrite: false);
        pool.Backward(x, y, gradOut, searchedFresh);
        pool.BackwardFromWinners(winners, gradOut, routedFresh, overwrite: true);

        Assert.Equal(ConvReference.MaxPool2d(x, 1, 1, h, w, 2, 2), y);
        Assert.Equal(searched, routed);
        Assert.Equal(searchedFresh, routedFresh);
    }

    /// <summary>dx of 2x2/2 max pooling: each window's output gradient on its first maximum (NaN counts as the maximum).</summary>
    private static float[] FirstMaximumGradient(float[] x, int planes, int h, int w, float[] gradOut)
    {
        int oh = h / 2, ow = w / 2;
        var dx = new float[x.Length];
        for (var p = 0; p < planes; p++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    int[] window = [(2 * i * w) + 2 * j, (2 * i * w) + 2 * j + 1, ((2 * i + 1) * w) + 2 * j, ((2 * i + 1) * w) + 2 * j + 1];
                    var best = window[0];
                    foreach (var at in window)
                    {
                        if (float.IsNaN(x[p * h * w + best])) break;
                        if (float.IsNaN(x[p * h * w + at]) || x[p * h * w + at] > x[p * h * w + best]) best = at;
                    }
                    dx[p * h * w + best] += gradOut[(p * oh + i) * ow + j];
                }
            }
        }
        return dx;
    }
}
