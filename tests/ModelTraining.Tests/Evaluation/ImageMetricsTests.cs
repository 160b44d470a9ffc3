using DenoiseApi.Training.Evaluation;

namespace DenoiseApi.Training.Tests.Evaluation;

public sealed class ImageMetricsTests
{
    [Fact]
    public void MseIsTheMeanSquaredDifference()
    {
        Assert.Equal(0.25, ImageMetrics.Mse([0f, 0f, 1f, 1f], [0.5f, 0.5f, 0.5f, 0.5f]), 12);
        Assert.Equal((0.01 + 0.04 + 0 + 0.09) / 4, ImageMetrics.Mse([0.1f, 0.2f, 0.3f, 0.4f], [0.2f, 0.4f, 0.3f, 0.1f]), 7);
    }

    [Fact]
    public void PsnrOfAKnownMse()
    {
        // MSE 0.01 with peak 1 is 20 dB; MSE 0.25 is 10·log10(4) = 6.0206 dB.
        Assert.Equal(20.0, ImageMetrics.PsnrFromMse(0.01), 10);
        Assert.Equal(6.020599913, ImageMetrics.Psnr([0f, 0f, 1f, 1f], [0.5f, 0.5f, 0.5f, 0.5f]), 6);
    }

    [Fact]
    public void PsnrOfIdenticalImagesIsCapped()
    {
        Assert.Equal(ImageMetrics.PsnrCapDb, ImageMetrics.Psnr([0.3f, 0.7f], [0.3f, 0.7f]));
        Assert.Equal(ImageMetrics.PsnrCapDb, ImageMetrics.PsnrFromMse(1e-30));
    }

    [Fact]
    public void BceMatchesTheTextbookFormula()
    {
        // t = 1, p = 0.5: ln 2. t = 0.25, p = 0.75: −(0.25 ln 0.75 + 0.75 ln 0.25).
        Assert.Equal(Math.Log(2), ImageMetrics.Bce([1f], [0.5f]), 7);
        Assert.Equal(-((0.25 * Math.Log(0.75)) + (0.75 * Math.Log(0.25))), ImageMetrics.Bce([0.25f], [0.75f]), 6);
    }

    [Fact]
    public void BceClampsPredictionsSoCertainMistakesStayFinite()
    {
        // Clamped in single precision: p ≥ (float)1e-7 and p ≤ the float nearest 1 − 1e-7.
        double certainMiss = -Math.Log((float)1e-7);
        double certainFalseAlarm = -Math.Log(1 - (double)(1f - (float)1e-7));
        Assert.Equal(certainMiss, ImageMetrics.Bce([1f], [0f]), 6);
        Assert.Equal(certainFalseAlarm, ImageMetrics.Bce([0f], [1f]), 6);
        Assert.Equal(certainMiss, ImageMetrics.Bce(Enumerable.Repeat(1f, 16).ToArray(), new float[16]), 4); // single-precision terms
        Assert.Equal(certainFalseAlarm, ImageMetrics.Bce(new float[16], Enumerable.Repeat(1f, 16).ToArray()), 4);
        Assert.InRange(ImageMetrics.Bce([0f, 1f], [0f, 1f]), 0, 1e-6);
    }

    [Fact]
    public void BceVectorBodyAgreesWithTheDoublePrecisionFormula()
    {
        var rng = new DenoiseApi.Noise.Xoshiro256(5);
        float[] t = new float[784 + 3], p = new float[784 + 3];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = rng.NextFloat();
            p[i] = rng.NextFloat();
        }

        double expected = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double q = Math.Clamp(p[i], 1e-7, 1 - 1e-7);
            expected -= (t[i] * Math.Log(q)) + ((1 - t[i]) * Math.Log(1 - q));
        }

        Assert.Equal(expected / t.Length, ImageMetrics.Bce(t, p), 5);
    }

    [Fact]
    public void RejectsImagesOfDifferentSizes()
    {
        Assert.Throws<ArgumentException>(() => ImageMetrics.Mse([0f], [0f, 1f]));
    }

    [Fact]
    public void AccuracyCountsRowsWhoseArgMaxIsTheLabel()
    {
        float[] scores =
        [
            0.1f, 0.7f, 0.2f, // 1
            0.5f, 0.2f, 0.3f, // 0
            0.2f, 0.2f, 0.6f, // 2
            0.4f, 0.4f, 0.2f, // tie: first wins, 0
        ];

        Assert.Equal(0.75, Classification.Accuracy(scores, [1, 0, 1, 0], classCount: 3));
        Assert.Equal(2, Classification.ArgMax([0.2f, -1f, 3f]));
    }
}
