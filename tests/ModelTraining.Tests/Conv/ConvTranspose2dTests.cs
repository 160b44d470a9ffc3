using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Conv;

public sealed class ConvTranspose2dTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Cases => new()
    {
        // channels, height, width, filters, kernel, stride, padding, outputPadding, batch
        { 3, 4, 4, 2, 3, 2, 1, 1, 2 },
        { 2, 3, 5, 3, 3, 2, 0, 0, 2 },
        { 2, 4, 3, 2, 3, 1, 1, 0, 3 },
        { 1, 3, 3, 4, 2, 2, 0, 1, 1 },
        { 2, 5, 5, 2, 4, 3, 1, 2, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardEqualsTheTextbookDefinition(int c, int h, int w, int f, int k, int s, int p, int outPad, int n)
    {
        var x = ConvReference.Random(n * c * h * w, 21);
        var weight = ConvReference.Random(c * f * k * k, 22);
        var bias = ConvReference.Random(f, 23);

        var y = Ops.ConvTranspose2d(new Tensor(x, n, c, h, w), new Tensor(weight, c, f, k, k), new Tensor(bias, f), s, ConvPadding.Symmetric(p), outPad);

        int oh = (h - 1) * s - 2 * p + k + outPad, ow = (w - 1) * s - 2 * p + k + outPad;
        Assert.Equal([n, f, oh, ow], y.Shape);
        ConvReference.AssertClose(ConvReference.ConvTranspose2d(x, n, c, h, w, weight, f, k, k, bias, s, p, p, oh, ow), y.Data, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(int c, int h, int w, int f, int k, int s, int p, int outPad, int n)
    {
        var x = Tensor.Parameter(ConvReference.Random(n * c * h * w, 24), [n, c, h, w], "x");
        var weight = Tensor.Parameter(ConvReference.Random(c * f * k * k, 25), [c, f, k, k], "weight");
        var bias = Tensor.Parameter(ConvReference.Random(f, 26), [f], "bias");
        int oh = (h - 1) * s - 2 * p + k + outPad, ow = (w - 1) * s - 2 * p + k + outPad;
        var target = ConvReference.Random(n * f * oh * ow, 27);

        FiniteDifferences.Check(() => Ops.ConvTranspose2d(x, weight, bias, s, ConvPadding.Symmetric(p), outPad), target, [x, weight, bias], step: 1e-2f, absolute: 2e-5, relative: 2e-3);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void FusedActivationGradientsMatchFiniteDifferences(float slope)
    {
        const int n = 2, c = 3, h = 4, w = 4, f = 3;
        var x = Tensor.Parameter(ConvReference.Random(n * c * h * w, 33), [n, c, h, w], "x");
        var weight = Tensor.Parameter(ConvReference.Random(c * f * 9, 34), [c, f, 3, 3], "weight");
        var bias = Tensor.Parameter(ConvReference.Random(f, 35), [f], "bias");
        var target = ConvReference.Random(n * f * 8 * 8, 36);

        var y = Ops.ConvTranspose2d(new Tensor(x.Data, n, c, h, w), new Tensor(weight.Data, c, f, 3, 3), new Tensor(bias.Data, f), 2, ConvPadding.Symmetric(1), 1, slope);
        var expected = ConvReference.ConvTranspose2d(x.Data, n, c, h, w, weight.Data, f, 3, 3, bias.Data, 2, 1, 1, 8, 8).Select(v => v > 0 ? v : slope * v).ToArray();
        ConvReference.AssertClose(expected, y.Data, 1e-5f);
        FiniteDifferences.Check(() => Ops.ConvTranspose2d(x, weight, bias, 2, ConvPadding.Symmetric(1), 1, slope), target, [x, weight, bias], step: 1e-3f, absolute: 2e-5, relative: 2e-3, maxKinkFraction: 0.05);
    }

    [Fact]
    public void TwoStrideTwoLayersUpsampleSevenToFourteenToTwentyEight()
    {
        var latent = new Tensor(ConvReference.Random(3 * 32 * 7 * 7, 28), 3, 32, 7, 7);
        var weight = new Tensor(ConvReference.Random(32 * 32 * 9, 29, 0.1f), 32, 32, 3, 3);

        var mid = Ops.ConvTranspose2d(latent, weight, null, 2, ConvPadding.Symmetric(1), outputPadding: 1);
        var full = Ops.ConvTranspose2d(mid, weight, null, 2, ConvPadding.Symmetric(1), outputPadding: 1);

        Assert.Equal([3, 32, 14, 14], mid.Shape);
        Assert.Equal([3, 32, 28, 28], full.Shape);
    }

    [Fact]
    public void IsTheAdjointOfTheConvolutionWithTheSameWeights()
    {
        // <Conv(x), y> = <x, ConvT(y)> for the same kernel, stride and padding: the defining property of the transpose.
        const int n = 2, c = 3, f = 4, h = 9, w = 9;
        var x = ConvReference.Random(n * c * h * w, 30);
        var weight = ConvReference.Random(f * c * 9, 31);
        var conv = Ops.Conv2d(new Tensor(x, n, c, h, w), new Tensor(weight, f, c, 3, 3), null, 2, ConvPadding.Symmetric(1));
        var y = ConvReference.Random(conv.Size, 32);

        var back = Ops.ConvTranspose2d(new Tensor(y, conv.Shape), new Tensor(weight, f, c, 3, 3), null, 2, ConvPadding.Symmetric(1));

        Assert.Equal([n, c, h, w], back.Shape);
        double left = 0, right = 0;
        for (var i = 0; i < y.Length; i++) left += (double)conv.Data[i] * y[i];
        for (var i = 0; i < x.Length; i++) right += (double)x[i] * back.Data[i];
        Assert.Equal(left, right, 1e-3);
    }

    [Fact]
    public void OutputPaddingNotBelowTheStrideIsRejected()
    {
        var x = new Tensor(new float[32 * 7 * 7], 1, 32, 7, 7);
        var weight = new Tensor(new float[32 * 32 * 9], 32, 32, 3, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.ConvTranspose2d(x, weight, null, 2, ConvPadding.Symmetric(1), outputPadding: 2));
    }
}
