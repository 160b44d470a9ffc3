using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>
/// The sub-pixel phase split of the transposed convolution against the col2im path and the textbook definition, on
/// strides 1–3, kernels smaller and larger than the stride (a phase without taps gets only the bias), asymmetric
/// padding, output padding and the zoo's 7 → 14 → 28 decoder shapes; forward and all three gradients.
/// </summary>
public sealed class ConvTransposeAlgorithmTests
{
    public static TheoryData<int, int, int, int, int, int, ConvPadding, int, float> Cases => new()
    {
        // channels, height, width, filters, kernel, stride, padding (top, left, bottom, right), output padding, slope (NaN = none)
        { 32, 7, 7, 32, 3, 2, new ConvPadding(1, 1, 1, 1), 1, 0.1f },
        { 5, 4, 6, 7, 3, 2, new ConvPadding(0, 1, 1, 0), 1, float.NaN },
        { 3, 5, 3, 2, 2, 3, new ConvPadding(0, 0, 0, 0), 2, 0f },
        { 2, 3, 4, 9, 5, 3, new ConvPadding(2, 1, 1, 2), 0, 0.2f },
        { 4, 6, 5, 3, 3, 1, new ConvPadding(1, 1, 1, 1), 0, float.NaN },
        { 1, 4, 4, 13, 4, 2, new ConvPadding(1, 1, 1, 1), 0, 0.1f },
        { 3, 5, 6, 4, 3, 2, new ConvPadding(1, 1, 1, 1), 0, float.NaN },
        { 2, 3, 20, 5, 3, 2, new ConvPadding(1, 1, 1, 1), 1, 0.1f },
        { 4, 14, 14, 3, 3, 2, new ConvPadding(1, 1, 1, 1), 1, 0.1f },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThePhaseSplitEqualsTheScatterPathAndTheDefinition(int c, int h, int w, int f, int k, int s, ConvPadding padding, int outputPadding, float slopeOrNaN)
    {
        const int n = 3;
        float? slope = float.IsNaN(slopeOrNaN) ? null : slopeOrNaN;
        var g = ConvGeometry.ForTransposed("test", f, h, w, k, k, s, padding, outputPadding);
        var x = ConvReference.Random(n * c * h * w, 71);
        var weight = ConvReference.Random(c * f * k * k, 72);
        var bias = ConvReference.Random(f, 73);
        var dy = ConvReference.Random(n * g.ImageSize, 74);
        var z = ConvReference.ConvTranspose2d(x, n, c, h, w, weight, f, k, k, bias, s, padding.Top, padding.Left, g.Height, g.Width);
        var expected = z.Select(v => slope is float a && v <= 0 ? a * v : v).ToArray();

        var reference = Run(ConvAlgorithm.Im2Col);
        var phases = Run(ConvAlgorithm.Shifted);

        ConvReference.AssertClose(expected, phases.Y, 2e-5f);
        ConvReference.AssertClose(reference.Y, phases.Y, 2e-5f);
        ConvReference.AssertClose(reference.Dx, phases.Dx, 5e-5f);
        ConvReference.AssertClose(reference.Dw, phases.Dw, 2e-4f);
        ConvReference.AssertClose(reference.Db, phases.Db, 1e-4f);

        (float[] Y, float[] Dx, float[] Dw, float[] Db) Run(ConvAlgorithm algorithm)
        {
            var y = new float[n * g.ImageSize];
            var dx = Enumerable.Repeat(0.25f, x.Length).ToArray();
            var dw = Enumerable.Repeat(0.25f, weight.Length).ToArray();
            var db = Enumerable.Repeat(0.25f, f).ToArray();
            ConvTranspose2dKernel.Forward(x, weight, bias, y, n, c, g, slope, algorithm);
            ConvTranspose2dKernel.Backward(x, weight, y, dy, dx, dw, db, n, c, g, slope, algorithm);
            return (y, dx, dw, db);
        }
    }

    [Theory]
    [InlineData(3, 2, 1, 1)]
    [InlineData(2, 3, 0, 2)]
    [InlineData(5, 3, 1, 0)]
    public void EachGradientAloneEqualsItsValueComputedWithTheOthers(int k, int s, int p, int outputPadding)
    {
        const int n = 3, c = 4, h = 5, w = 6, f = 7;
        var padding = ConvPadding.Symmetric(p);
        var g = ConvGeometry.ForTransposed("test", f, h, w, k, k, s, padding, outputPadding);
        var x = ConvReference.Random(n * c * h * w, 81);
        var weight = ConvReference.Random(c * f * k * k, 82);
        var bias = ConvReference.Random(f, 83);
        var y = new float[n * g.ImageSize];
        ConvTranspose2dKernel.Forward(x, weight, bias, y, n, c, g, 0.1f, ConvAlgorithm.Shifted);
        var dy = ConvReference.Random(y.Length, 84);
        var all = (Dx: new float[x.Length], Dw: new float[weight.Length], Db: new float[f]);
        var (dxOnly, dwOnly, dbOnly) = (new float[x.Length], new float[weight.Length], new float[f]);

        ConvTranspose2dKernel.Backward(x, weight, y, dy, all.Dx, all.Dw, all.Db, n, c, g, 0.1f, ConvAlgorithm.Shifted);
        ConvTranspose2dKernel.Backward(x, weight, y, dy, dxOnly, null, null, n, c, g, 0.1f, ConvAlgorithm.Shifted);
        ConvTranspose2dKernel.Backward(x, weight, y, dy, null, dwOnly, null, n, c, g, 0.1f, ConvAlgorithm.Shifted);
        ConvTranspose2dKernel.Backward(x, weight, y, dy, null, null, dbOnly, n, c, g, 0.1f, ConvAlgorithm.Shifted);

        Assert.Equal(all.Dx, dxOnly);
        Assert.Equal(all.Dw, dwOnly);
        ConvReference.AssertClose(all.Db, dbOnly, 1e-4f);
    }

    [Fact]
    public void TheDecoderLayersTakeThePhaseSplit()
    {
        var g = ConvGeometry.ForTransposed("test", 32, 7, 7, 3, 3, 2, ConvPadding.Symmetric(1), 1);

        Assert.Equal(ConvAlgorithm.Shifted, ConvTranspose2dKernel.Choose(g));
    }

    [Theory]
    [InlineData(2, 2, 0, 1)]
    [InlineData(3, 2, 0, 1)]
    [InlineData(2, 3, 0, 2)]
    [InlineData(3, 3, 1, 0)]
    public void PhaseSplitGradientsMatchFiniteDifferences(int k, int s, int p, int outputPadding)
    {
        const int n = 2, c = 3, h = 3, w = 4, f = 5;
        var x = Tensor.Parameter(ConvReference.Random(n * c * h * w, 75), [n, c, h, w], "x");
        var weight = Tensor.Parameter(ConvReference.Random(c * f * k * k, 76), [c, f, k, k], "weight");
        var bias = Tensor.Parameter(ConvReference.Random(f, 77), [f], "bias");
        int oh = (h - 1) * s - 2 * p + k + outputPadding, ow = (w - 1) * s - 2 * p + k + outputPadding;
        var target = ConvReference.Random(n * f * oh * ow, 78);

        FiniteDifferences.Check(() => Ops.ConvTranspose2d(x, weight, bias, s, ConvPadding.Symmetric(p), outputPadding), target, [x, weight, bias], step: 1e-2f, absolute: 2e-5, relative: 2e-3);
    }
}
