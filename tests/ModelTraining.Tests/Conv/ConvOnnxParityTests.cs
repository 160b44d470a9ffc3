using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Conv;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>Each conv layer exported through the graph builder and run by ONNX Runtime gives the engine's forward values.</summary>
public sealed class ConvOnnxParityTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(1, 16, 3, 1, 28, 28)]
    [InlineData(3, 5, 3, 2, 9, 8)]
    [InlineData(2, 4, 2, 1, 6, 6)]
    public void ConvMatchesOnnxRuntime(int inChannels, int outChannels, int kernel, int stride, int h, int w)
    {
        var rng = new Xoshiro256(1);
        var layer = stride == 1
            ? Conv2d.Same(inChannels, outChannels, kernel, ref rng, "conv")
            : new Conv2d(inChannels, outChannels, kernel, stride, ConvPadding.Symmetric(1), ref rng, "conv");
        AssertSameAsOrt(layer, layer, 3, inChannels, h, w);
    }

    [Theory]
    [InlineData(32, 32, 7)]
    [InlineData(4, 3, 14)]
    public void StrideTwoConvTransposeMatchesOnnxRuntime(int inChannels, int outChannels, int size)
    {
        var rng = new Xoshiro256(2);
        var layer = ConvTranspose2d.Doubling(inChannels, outChannels, ref rng, "up");
        AssertSameAsOrt(layer, layer, 2, inChannels, size, size);
    }

    [Fact]
    public void ConvTransposeWithoutOutputPaddingMatchesOnnxRuntime()
    {
        var rng = new Xoshiro256(3);
        var layer = new ConvTranspose2d(3, 2, 4, 3, 1, 0, ref rng, "up");
        AssertSameAsOrt(layer, layer, 2, 3, 5, 4);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void FusedActivationsExportAsReluAndLeakyRelu(float slope)
    {
        var rng = new Xoshiro256(4);
        var conv = Conv2d.Same(3, 8, 3, ref rng, "conv", slope);
        AssertSameAsOrt(conv, conv, 2, 3, 9, 9);
        var up = ConvTranspose2d.Doubling(3, 4, ref rng, "up", slope);
        AssertSameAsOrt(up, up, 2, 3, 7, 7);
    }

    [Theory]
    [InlineData(2, 2, 28)]
    [InlineData(2, 2, 7)]
    [InlineData(3, 2, 9)]
    public void MaxPoolMatchesOnnxRuntime(int kernel, int stride, int size)
    {
        var layer = new MaxPool2d(kernel, stride);
        AssertSameAsOrt(layer, layer, 2, 3, size, size);
    }

    private static void AssertSameAsOrt(Module module, IOnnxExportable exportable, int batch, int channels, int h, int w)
    {
        var input = ConvReference.Random(batch * channels * h * w, 50);
        Tensor expected;
        using (GradMode.Disable()) expected = module.Forward(new Tensor(input, batch, channels, h, w));
        long[] outputItem = [.. expected.Shape.Skip(1).Select(d => (long)d)];

        var model = OrtSessions.SingleLayer(exportable, [channels, h, w], outputItem);
        var result = Assert.Single(OrtSessions.Run(model, "x", input, [batch, channels, h, w], "y"));

        Assert.Equal(expected.Shape.Select(d => (long)d), result.Shape);
        ConvReference.AssertClose(expected.Data, result.Data, Tolerance);
    }
}
