using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>
/// The fused crop + bias + activation pass and the activation gradient pass against their definitions, on row widths
/// that end in partial vectors (the masked tails), strided rows, and without an activation.
/// </summary>
public sealed class ConvActivationTests
{
    [Theory]
    [InlineData(1, 1, 0.1f)]
    [InlineData(3, 7, 0.1f)]
    [InlineData(4, 13, 0f)]
    [InlineData(2, 16, float.NaN)]
    [InlineData(5, 29, 0.3f)]
    public void CropBiasApplyAddsTheBiasAndAppliesTheActivationToEveryCroppedValue(int rows, int width, float slopeOrNaN)
    {
        float? slope = float.IsNaN(slopeOrNaN) ? null : slopeOrNaN;
        int srcStride = width + 3, dstStride = width + 1;
        var src = ConvReference.Random(rows * srcStride, 91);
        var dst = Enumerable.Repeat(7f, rows * dstStride).ToArray();

        ConvActivation.CropBiasApply(src, srcStride, 0.25f, dst, dstStride, rows, width, slope);

        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < dstStride; j++)
            {
                if (j >= width)
                {
                    Assert.Equal(7f, dst[r * dstStride + j]);
                    continue;
                }
                var z = src[r * srcStride + j] + 0.25f;
                Assert.Equal(slope is float s && z <= 0 ? s * z : z, dst[r * dstStride + j], 1e-6f);
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 0.1f)]
    [InlineData(3, 7, 0.1f)]
    [InlineData(4, 13, 0f)]
    [InlineData(2, 16, float.NaN)]
    [InlineData(5, 29, 0.3f)]
    public void BackwardRowsWritesTheActivationGradientAndReturnsItsSum(int rows, int width, float slopeOrNaN)
    {
        float? slope = float.IsNaN(slopeOrNaN) ? null : slopeOrNaN;
        var dstStride = width + 2;
        var output = ConvReference.Random(rows * width, 92);
        var gradOut = ConvReference.Random(rows * width, 93);
        var dst = Enumerable.Repeat(7f, rows * dstStride).ToArray();

        var sum = ConvActivation.BackwardRows(output, gradOut, dst, dstStride, rows, width, slope);

        double expectedSum = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < dstStride; j++)
            {
                if (j >= width)
                {
                    Assert.Equal(7f, dst[r * dstStride + j]);
                    continue;
                }
                var i = r * width + j;
                var expected = slope is float s && !(output[i] > 0) ? s * gradOut[i] : gradOut[i];
                Assert.Equal(expected, dst[r * dstStride + j], 1e-6f);
                expectedSum += expected;
            }
        }
        Assert.Equal(expectedSum, sum, 1e-4);
    }
}
