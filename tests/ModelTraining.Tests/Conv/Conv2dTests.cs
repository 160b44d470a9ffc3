using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Conv;

public sealed class Conv2dTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Cases => new()
    {
        // channels, height, width, filters, kernel, stride, padTop/Left, padBottom/Right, batch
        { 3, 5, 6, 4, 3, 1, 1, 1, 2 },
        { 2, 7, 7, 3, 3, 2, 1, 1, 3 },
        { 1, 6, 5, 2, 2, 1, 0, 1, 2 },
        { 2, 4, 4, 5, 3, 1, 0, 0, 1 },
        { 3, 8, 6, 2, 3, 2, 0, 0, 2 },
        { 2, 5, 5, 3, 1, 1, 0, 0, 2 },
        { 3, 6, 6, 6, 3, 1, 1, 1, 2 },
        { 1, 9, 9, 8, 3, 1, 1, 1, 3 },
        // enough channels and filters for the implicit GEMM on the padded image
        { 4, 7, 5, 6, 3, 1, 0, 2, 2 },
        { 3, 6, 9, 7, 2, 1, 1, 0, 2 },
        { 5, 5, 5, 5, 5, 1, 2, 2, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardEqualsTheTextbookDefinition(int c, int h, int w, int f, int k, int s, int padStart, int padEnd, int n)
    {
        var x = ConvReference.Random(n * c * h * w, 1);
        var weight = ConvReference.Random(f * c * k * k, 2);
        var bias = ConvReference.Random(f, 3);
        var padding = new ConvPadding(padStart, padStart, padEnd, padEnd);

        var y = Ops.Conv2d(new Tensor(x, n, c, h, w), new Tensor(weight, f, c, k, k), new Tensor(bias, f), s, padding);

        int oh = (h + padStart + padEnd - k) / s + 1, ow = (w + padStart + padEnd - k) / s + 1;
        Assert.Equal([n, f, oh, ow], y.Shape);
        ConvReference.AssertClose(ConvReference.Conv2d(x, n, c, h, w, weight, f, k, k, bias, s, padStart, padStart, oh, ow), y.Data, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(int c, int h, int w, int f, int k, int s, int padStart, int padEnd, int n)
    {
        var x = Tensor.Parameter(ConvReference.Random(n * c * h * w, 4), [n, c, h, w], "x");
        var weight = Tensor.Parameter(ConvReference.Random(f * c * k * k, 5), [f, c, k, k], "weight");
        var bias = Tensor.Parameter(ConvReference.Random(f, 6), [f], "bias");
        var padding = new ConvPadding(padStart, padStart, padEnd, padEnd);
        int oh = (h + padStart + padEnd - k) / s + 1, ow = (w + padStart + padEnd - k) / s + 1;
        var target = ConvReference.Random(n * f * oh * ow, 7);

        FiniteDifferences.Check(() => Ops.Conv2d(x, weight, bias, s, padding), target, [x, weight, bias], step: 1e-2f, absolute: 2e-5, relative: 2e-3);
    }

    [Theory]
    [InlineData(3, 6, 0f)]
    [InlineData(3, 6, 0.1f)]
    [InlineData(4, 2, 0f)]
    [InlineData(1, 5, 0.2f)]
    public void FusedActivationEqualsTheActivationOfTheConvolution(int channels, int filters, float slope)
    {
        // Both the GEMM path (many filters and channels) and the direct path (few of either) are covered.
        const int n = 2, h = 7, w = 6;
        var x = ConvReference.Random(n * channels * h * w, 13);
        var weight = ConvReference.Random(filters * channels * 9, 14);
        var bias = ConvReference.Random(filters, 15);

        var y = Ops.Conv2d(new Tensor(x, n, channels, h, w), new Tensor(weight, filters, channels, 3, 3), new Tensor(bias, filters), 1, ConvPadding.Same(3, 3), slope);

        var expected = ConvReference.Conv2d(x, n, channels, h, w, weight, filters, 3, 3, bias, 1, 1, 1, h, w).Select(v => v > 0 ? v : slope * v).ToArray();
        ConvReference.AssertClose(expected, y.Data, 1e-5f);
    }

    [Theory]
    [InlineData(3, 6, 0f)]
    [InlineData(3, 6, 0.1f)]
    [InlineData(4, 2, 0.3f)]
    [InlineData(1, 5, 0f)]
    public void FusedActivationGradientsMatchFiniteDifferences(int channels, int filters, float slope)
    {
        const int n = 2, h = 5, w = 6;
        var x = Tensor.Parameter(ConvReference.Random(n * channels * h * w, 16), [n, channels, h, w], "x");
        var weight = Tensor.Parameter(ConvReference.Random(filters * channels * 9, 17), [filters, channels, 3, 3], "weight");
        var bias = Tensor.Parameter(ConvReference.Random(filters, 18), [filters], "bias");
        var target = ConvReference.Random(n * filters * h * w, 19);

        // Entries whose step moves some pre-activation across zero (the activation's kink) are recognised and skipped.
        FiniteDifferences.Check(() => Ops.Conv2d(x, weight, bias, 1, ConvPadding.Same(3, 3), slope), target, [x, weight, bias], step: 1e-3f, absolute: 2e-5, relative: 2e-3, maxKinkFraction: 0.05);
    }

    [Fact]
    public void SamePaddingKeepsTheImageSizeForOddAndEvenKernels()
    {
        var x = new Tensor(ConvReference.Random(2 * 28 * 28, 8), 2, 1, 28, 28);

        var odd = Ops.Conv2d(x, new Tensor(ConvReference.Random(16 * 9, 9), 16, 1, 3, 3), null, 1, ConvPadding.Same(3, 3));
        var even = Ops.Conv2d(x, new Tensor(ConvReference.Random(4 * 4, 10), 4, 1, 2, 2), null, 1, ConvPadding.Same(2, 2));

        Assert.Equal([2, 16, 28, 28], odd.Shape);
        Assert.Equal([2, 4, 28, 28], even.Shape);
        Assert.Equal(new ConvPadding(0, 0, 1, 1), ConvPadding.Same(2, 2));
    }

    [Fact]
    public void LargeBatchSplitOverWorkersEqualsTheReference()
    {
        const int n = 9, c = 4, h = 12, w = 12, f = 6;
        var x = ConvReference.Random(n * c * h * w, 11);
        var weight = ConvReference.Random(f * c * 9, 12);

        var y = Ops.Conv2d(new Tensor(x, n, c, h, w), new Tensor(weight, f, c, 3, 3), null, 1, ConvPadding.Symmetric(1));

        ConvReference.AssertClose(ConvReference.Conv2d(x, n, c, h, w, weight, f, 3, 3, null, 1, 1, 1, h, w), y.Data, 1e-5f);
    }

    [Fact]
    public void MismatchedChannelsAreRejectedWithTheShapes()
    {
        var x = new Tensor(new float[2 * 3 * 5 * 5], 2, 3, 5, 5);
        var weight = new Tensor(new float[4 * 2 * 9], 4, 2, 3, 3);

        var error = Assert.Throws<ArgumentException>(() => Ops.Conv2d(x, weight, null, 1, ConvPadding.Symmetric(1)));

        Assert.Contains("Conv2d", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4,2,3,3]", error.Message, StringComparison.Ordinal);
    }
}
