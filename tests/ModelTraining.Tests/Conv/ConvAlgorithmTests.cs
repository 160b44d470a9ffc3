using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>
/// Every convolution algorithm (im2col + GEMM, direct, implicit GEMM on the padded image) against the textbook
/// definition, forward and all three gradients, on odd shapes: non-square and even kernels, asymmetric and zero
/// padding, sizes that leave partial register tiles, with and without a fused activation.
/// </summary>
public sealed class ConvAlgorithmTests
{
    public static TheoryData<int, int, int, int, int, int, ConvPadding, float> Cases => new()
    {
        // channels, height, width, filters, kh, kw, padding (top, left, bottom, right), slope (NaN = none)
        { 3, 7, 5, 7, 3, 3, new ConvPadding(1, 1, 1, 1), float.NaN },
        { 5, 6, 9, 13, 2, 3, new ConvPadding(0, 1, 1, 1), 0.1f },
        { 4, 5, 5, 6, 5, 5, new ConvPadding(2, 2, 2, 2), 0f },
        { 7, 4, 11, 5, 1, 1, new ConvPadding(0, 0, 0, 0), 0.3f },
        { 2, 9, 4, 17, 3, 2, new ConvPadding(2, 0, 0, 1), float.NaN },
        { 6, 8, 8, 1, 3, 3, new ConvPadding(1, 1, 1, 1), float.NaN },
        { 1, 6, 7, 32, 3, 3, new ConvPadding(1, 1, 1, 1), 0.1f },
        { 9, 3, 3, 8, 3, 3, new ConvPadding(0, 0, 0, 0), 0f },
        { 5, 9, 7, 2, 3, 3, new ConvPadding(1, 1, 1, 1), 0.1f },
        { 3, 13, 11, 3, 3, 3, new ConvPadding(1, 1, 1, 1), float.NaN },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryAlgorithmEqualsTheTextbookConvolutionAndItsGradients(
        int c, int h, int w, int f, int kh, int kw, ConvPadding padding, float slopeOrNaN)
    {
        const int n = 3;
        float? slope = float.IsNaN(slopeOrNaN) ? null : slopeOrNaN;
        var g = ConvGeometry.ForConvolution("test", c, h, w, kh, kw, 1, padding);
        var x = ConvReference.Random(n * c * h * w, 61);
        var weight = ConvReference.Random(f * c * kh * kw, 62);
        var bias = ConvReference.Random(f, 63);
        var dy = ConvReference.Random(n * f * g.OutHeight * g.OutWidth, 64);
        var z = ConvReference.Conv2d(x, n, c, h, w, weight, f, kh, kw, bias, 1, padding.Top, padding.Left, g.OutHeight, g.OutWidth);
        var expectedY = z.Select(v => slope is float s && v <= 0 ? s * v : v).ToArray();
        var gradZ = z.Select((v, i) => slope is float s && v <= 0 ? s * dy[i] : dy[i]).ToArray();
        var (expectedDx, expectedDw, expectedDb) = ReferenceGradients(x, n, g, weight, f, gradZ);

        foreach (var algorithm in new[] { ConvAlgorithm.Im2Col, ConvAlgorithm.Direct, ConvAlgorithm.Shifted })
        {
            var y = new float[expectedY.Length];
            var dx = Enumerable.Repeat(0.5f, x.Length).ToArray();
            var dw = Enumerable.Repeat(0.5f, weight.Length).ToArray();
            var db = Enumerable.Repeat(0.5f, f).ToArray();

            Conv2dKernel.Forward(x, weight, bias, y, n, f, g, slope, algorithm);
            Conv2dKernel.Backward(x, weight, y, dy, dx, dw, db, n, f, g, slope, algorithm);

            // Gradients accumulate onto what is already there (0.5 here).
            ConvReference.AssertClose(expectedY, y, 2e-5f);
            ConvReference.AssertClose(expectedDx.Select(v => v + 0.5f).ToArray(), dx, 2e-5f);
            ConvReference.AssertClose(expectedDw.Select(v => v + 0.5f).ToArray(), dw, 1e-4f);
            ConvReference.AssertClose(expectedDb.Select(v => v + 0.5f).ToArray(), db, 1e-4f);
        }
    }

    [Fact]
    public void OnlyTheGradientsAskedForAreWritten()
    {
        const int n = 2, c = 4, h = 6, w = 6, f = 6;
        var g = ConvGeometry.ForConvolution("test", c, h, w, 3, 3, 1, ConvPadding.Same(3, 3));
        var x = ConvReference.Random(n * c * h * w, 65);
        var weight = ConvReference.Random(f * c * 9, 66);
        var y = new float[n * f * h * w];
        Conv2dKernel.Forward(x, weight, null, y, n, f, g, 0.1f, ConvAlgorithm.Shifted);
        var dy = ConvReference.Random(y.Length, 67);
        var dxOnly = new float[x.Length];
        var dwOnly = new float[weight.Length];
        var both = (Dx: new float[x.Length], Dw: new float[weight.Length]);

        Conv2dKernel.Backward(x, weight, y, dy, dxOnly, null, null, n, f, g, 0.1f, ConvAlgorithm.Shifted);
        Conv2dKernel.Backward(x, weight, y, dy, null, dwOnly, null, n, f, g, 0.1f, ConvAlgorithm.Shifted);
        Conv2dKernel.Backward(x, weight, y, dy, both.Dx, both.Dw, null, n, f, g, 0.1f, ConvAlgorithm.Shifted);

        Assert.Equal(both.Dx, dxOnly);
        Assert.Equal(both.Dw, dwOnly);
    }

    [Theory]
    [InlineData(32, 14, 32, "Shifted")]
    [InlineData(16, 28, 8, "Shifted")]
    [InlineData(8, 28, 16, "Shifted")]
    [InlineData(1, 28, 32, "Shifted")]
    [InlineData(32, 28, 1, "Shifted")]
    [InlineData(16, 28, 1, "Shifted")]
    public void TheZooLayersTakeTheirFastestAlgorithm(int channels, int size, int filters, string expected)
    {
        var g = ConvGeometry.ForConvolution("test", channels, size, size, 3, 3, 1, ConvPadding.Same(3, 3));

        Assert.Equal(Enum.Parse<ConvAlgorithm>(expected), Conv2dKernel.Choose(g, filters));
    }

    [Fact]
    public void StridedConvolutionsUseIm2ColAndRefuseTheStride1Algorithms()
    {
        var g = ConvGeometry.ForConvolution("test", 8, 9, 9, 3, 3, 2, ConvPadding.Symmetric(1));
        var x = new float[8 * 81];
        var y = new float[8 * 25];

        Assert.Equal(ConvAlgorithm.Im2Col, Conv2dKernel.Choose(g, 8));
        Assert.Throws<ArgumentException>(() => Conv2dKernel.Forward(x, new float[8 * 8 * 9], null, y, 1, 8, g, null, ConvAlgorithm.Shifted));
    }

    /// <summary>dx, dW, db of a stride-1 convolution for the pre-activation gradient gz, by the definition.</summary>
    private static (float[] Dx, float[] Dw, float[] Db) ReferenceGradients(float[] x, int n, ConvGeometry g, float[] weight, int f, float[] gz)
    {
        int c = g.Channels, h = g.Height, w = g.Width, kh = g.KernelHeight, kw = g.KernelWidth, oh = g.OutHeight, ow = g.OutWidth;
        var dx = new double[x.Length];
        var dw = new double[weight.Length];
        var db = new double[f];
        for (var b = 0; b < n; b++)
        for (var o = 0; o < f; o++)
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            double grad = gz[((b * f + o) * oh + i) * ow + j];
            db[o] += grad;
            for (var ch = 0; ch < c; ch++)
            for (var u = 0; u < kh; u++)
            for (var v = 0; v < kw; v++)
            {
                int iy = i + u - g.PadTop, ix = j + v - g.PadLeft;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                var xi = ((b * c + ch) * h + iy) * w + ix;
                var wi = ((o * c + ch) * kh + u) * kw + v;
                dw[wi] += grad * x[xi];
                dx[xi] += grad * weight[wi];
            }
        }
        return (dx.Select(v => (float)v).ToArray(), dw.Select(v => (float)v).ToArray(), db.Select(v => (float)v).ToArray());
    }
}
