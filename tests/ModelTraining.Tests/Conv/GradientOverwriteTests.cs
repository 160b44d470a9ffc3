using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>
/// Backward rules that write an intermediate's first gradient instead of adding it to a cleared buffer: every value is
/// written (the buffer starts as NaN here), the result equals adding to zeros, and a tensor with two consumers still
/// gets the sum of both gradients (the first consumer writes, the second adds).
/// </summary>
public sealed class GradientOverwriteTests
{
    [Theory]
    [InlineData(7, 9, 2, 2)]
    [InlineData(6, 20, 2, 2)]
    [InlineData(28, 28, 2, 2)]
    [InlineData(7, 8, 3, 2)]
    public void MaxPoolBackwardWritesEveryInputGradient(int h, int w, int k, int s)
    {
        var pool = new MaxPoolKernel(h, w, k, s);
        var x = ConvReference.Random(h * w, 101).Select(v => MathF.Round(v * 4f) / 4f).ToArray();
        var y = new float[pool.OutPlane];
        pool.Forward(x, y);
        var dy = ConvReference.Random(pool.OutPlane, 102);
        var added = new float[h * w];
        var written = Enumerable.Repeat(float.NaN, h * w).ToArray();

        pool.Backward(x, y, dy, added);
        pool.Backward(x, y, dy, written, overwrite: true);

        Assert.Equal(added, written);
    }

    [Theory]
    [InlineData("Im2Col")]
    [InlineData("Direct")]
    [InlineData("Shifted")]
    public void ConvolutionBackwardWritesEveryInputGradient(string algorithmName)
    {
        var algorithm = Enum.Parse<ConvAlgorithm>(algorithmName);
        const int n = 3, c = 5, h = 7, w = 9, f = 6;
        var g = ConvGeometry.ForConvolution("test", c, h, w, 3, 3, 1, new ConvPadding(1, 0, 1, 2));
        var x = ConvReference.Random(n * c * h * w, 103);
        var weight = ConvReference.Random(f * c * 9, 104);
        var y = new float[n * f * g.OutHeight * g.OutWidth];
        Conv2dKernel.Forward(x, weight, null, y, n, f, g, 0.1f, algorithm);
        var dy = ConvReference.Random(y.Length, 105);
        var added = new float[x.Length];
        var written = Enumerable.Repeat(float.NaN, x.Length).ToArray();

        Conv2dKernel.Backward(x, weight, y, dy, added, null, null, n, f, g, 0.1f, algorithm);
        Conv2dKernel.Backward(x, weight, y, dy, written, null, null, n, f, g, 0.1f, algorithm, overwriteDx: true);

        Assert.Equal(added, written);
    }

    [Theory]
    [InlineData("Im2Col", 2, 1)]
    [InlineData("Shifted", 2, 1)]
    [InlineData("Shifted", 3, 0)]
    public void TransposedConvolutionBackwardWritesEveryInputGradient(string algorithmName, int stride, int outputPadding)
    {
        var algorithm = Enum.Parse<ConvAlgorithm>(algorithmName);
        const int n = 2, c = 4, h = 5, w = 6, f = 3;
        var g = ConvGeometry.ForTransposed("test", f, h, w, 3, 3, stride, ConvPadding.Symmetric(1), outputPadding);
        var x = ConvReference.Random(n * c * h * w, 106);
        var weight = ConvReference.Random(c * f * 9, 107);
        var y = new float[n * g.ImageSize];
        ConvTranspose2dKernel.Forward(x, weight, null, y, n, c, g, 0.1f, algorithm);
        var dy = ConvReference.Random(y.Length, 108);
        var added = new float[x.Length];
        var written = Enumerable.Repeat(float.NaN, x.Length).ToArray();

        ConvTranspose2dKernel.Backward(x, weight, y, dy, added, null, null, n, c, g, 0.1f, algorithm);
        ConvTranspose2dKernel.Backward(x, weight, y, dy, written, null, null, n, c, g, 0.1f, algorithm, overwriteDx: true);

        Assert.Equal(added, written);
    }

    [Fact]
    public void AnIntermediateWithTwoConsumersGetsBothGradients()
    {
        const int n = 2, c = 3, size = 6, f = 4;
        var x = new Tensor(ConvReference.Random(n * c * size * size, 109), n, c, size, size);
        var w1 = Tensor.Parameter(ConvReference.Random(f * c * 9, 110, 0.5f), [f, c, 3, 3], "w1");
        var w2 = Tensor.Parameter(ConvReference.Random(f * f * 9, 111, 0.5f), [f, f, 3, 3], "w2");
        var same = ConvPadding.Same(3, 3);
        Tensor Hidden() => Ops.Conv2d(x, w1, null, 1, same, 0.1f);
        Tensor ThroughPool(Tensor h) => Ops.Sum(Ops.MaxPool2d(h));
        Tensor ThroughConv(Tensor h) => Ops.Sum(Ops.Conv2d(h, w2, null, 1, same));

        var viaPool = GradientOfW1(() => ThroughPool(Hidden()));
        var viaConv = GradientOfW1(() => ThroughConv(Hidden()));
        var both = GradientOfW1(() =>
        {
            var h = Hidden();
            return Ops.Add(ThroughPool(h), ThroughConv(h));
        });

        ConvReference.AssertClose(viaPool.Zip(viaConv, (a, b) => a + b).ToArray(), both, 1e-3f);

        float[] GradientOfW1(Func<Tensor> loss)
        {
            w1.ZeroGrad();
            w2.ZeroGrad();
            var value = loss();
            value.Backward();
            value.ReleaseGraph();
            return (float[])w1.Grad!.Clone();
        }
    }
}
