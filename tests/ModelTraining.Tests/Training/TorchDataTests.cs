using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>The torch forms of the training corruptions and the shift augmentation match src/Noise's and the shift's definitions.</summary>
public sealed class TorchDataTests
{
    private static readonly long[] Dx = [1, -2];
    private static readonly long[] Dy = [0, 1];
    private static readonly long[] Shape = [2, 1, 5, 5];

    [Theory]
    [InlineData("gaussian:0.5")]
    [InlineData("uniform:0.9")]
    [InlineData("salt-pepper:0.2")]
    [InlineData("mask:0.3")]
    public void TorchNoiseHasTheDistributionOfSrcNoise(string spec)
    {
        var noise = NoiseSpec.Parse(spec);
        var clean = MnistDataset.LoadTest(null).Take(500).Images;
        var reference = new float[clean.Length];
        NoiseBatch.ApplyAll(noise.Create(), clean, reference, 784, seed: 3, round: 0);
        manual_seed(3);
        using var cleanTensor = tensor(clean, [500, 1, 28, 28]);
        using var noisy = TorchNoise.Apply(noise, cleanTensor);
        var ours = noisy.data<float>().ToArray();

        // Mean change, spread of the change, and the share of pixels changed, clipped to 0 and to 1: same within sampling error.
        static (double Mean, double Std, double Changed, double Zero, double One) Stats(float[] c, float[] n)
        {
            double sum = 0, squares = 0, changed = 0, zero = 0, one = 0;
            for (var i = 0; i < c.Length; i++)
            {
                var d = n[i] - c[i];
                sum += d;
                squares += d * d;
                if (d != 0) changed++;
                if (n[i] == 0) zero++;
                if (n[i] == 1) one++;
            }
            var mean = sum / c.Length;
            return (mean, Math.Sqrt(squares / c.Length - mean * mean), changed / c.Length, zero / c.Length, one / c.Length);
        }
        var expected = Stats(clean, reference);
        var actual = Stats(clean, ours);
        Assert.Equal(expected.Mean, actual.Mean, 0.005);
        Assert.Equal(expected.Std, actual.Std, 0.005);
        Assert.Equal(expected.Changed, actual.Changed, 0.01);
        Assert.Equal(expected.Zero, actual.Zero, 0.01);
        Assert.Equal(expected.One, actual.One, 0.01);
        Assert.All(ours, v => Assert.InRange(v, 0f, 1f));
    }

    /// <summary>
    /// Blind noise draws a kind and a level per image: the share of images left clean, the spread of per-image mean
    /// changes (quartiles) and the pixel statistics match src/Noise's <see cref="BlindNoise"/> on the same digits.
    /// </summary>
    [Fact]
    public void TorchBlindNoiseDrawsKindsAndLevelsPerImageAsSrcNoiseDoes()
    {
        const int count = 4000;
        var noise = NoiseSpec.Parse("blind:1");
        var clean = MnistDataset.LoadTest(null).Take(count).Images;
        var reference = new float[clean.Length];
        NoiseBatch.ApplyAll(noise.Create(), clean, reference, 784, seed: 5, round: 0);
        manual_seed(5);
        using var cleanTensor = tensor(clean, [count, 1, 28, 28]);
        using var noisy = TorchNoise.Apply(noise, cleanTensor);
        var ours = noisy.data<float>().ToArray();

        // Per image: the mean change and the share of pixels changed; together they tell the kinds and levels apart
        // (uniform and Gaussian brighten the background, salt-and-pepper and masking change a share of pixels).
        static (double[] MeanChange, double[] Changed) PerImage(float[] c, float[] n)
        {
            var mean = new double[c.Length / 784];
            var changed = new double[mean.Length];
            for (var b = 0; b < mean.Length; b++)
            {
                for (var i = b * 784; i < (b + 1) * 784; i++)
                {
                    mean[b] += n[i] - c[i];
                    if (n[i] != c[i]) changed[b]++;
                }
                mean[b] /= 784;
                changed[b] /= 784;
            }
            return (mean, changed);
        }
        static double Quantile(double[] values, double q)
        {
            var sorted = values.Order().ToArray();
            return sorted[(int)(q * (sorted.Length - 1))];
        }
        var expected = PerImage(clean, reference);
        var actual = PerImage(clean, ours);
        Assert.Equal(expected.Changed.Count(c => c == 0) / (double)count, actual.Changed.Count(c => c == 0) / (double)count, 0.025);
        double cleanShare = (double)BlindNoise.Kinds[0].Odds / BlindNoise.Tickets.Count; // the clean kind's odds
        Assert.InRange(actual.Changed.Count(c => c == 0) / (double)count, cleanShare - 0.03, cleanShare + 0.03);
        foreach (var q in new[] { 0.25, 0.5, 0.75, 0.9 })
        {
            Assert.Equal(Quantile(expected.MeanChange, q), Quantile(actual.MeanChange, q), 0.02);
            Assert.Equal(Quantile(expected.Changed, q), Quantile(actual.Changed, q), 0.04);
        }
        Assert.Equal(expected.MeanChange.Average(), actual.MeanChange.Average(), 0.01);
        // Images differ in kind and level within one batch: not one noise for the whole batch.
        Assert.True(Quantile(actual.Changed, 0.9) - Quantile(actual.Changed, 0.25) > 0.3);
        Assert.All(ours, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void ShiftMovesEachImageByItsOwnOffsetAndFillsWithBackground()
    {
        var values = Enumerable.Range(1, 2 * 5 * 5).Select(v => (float)v).ToArray();
        using var images = tensor(values, [2, 1, 5, 5]);
        using var dx = tensor(Dx, [2]);
        using var dy = tensor(Dy, [2]);
        using var shifted = TorchShift.By(images, dx, dy, 2);
        var result = shifted.data<float>().ToArray();
        Assert.Equal(Shape, shifted.shape);
        for (var b = 0; b < 2; b++)
        {
            var (sx, sy) = b == 0 ? (1, 0) : (-2, 1);
            for (var y = 0; y < 5; y++)
            {
                for (var x = 0; x < 5; x++)
                {
                    var (fy, fx) = (y - sy, x - sx);
                    var expected = fy is >= 0 and < 5 && fx is >= 0 and < 5 ? values[b * 25 + fy * 5 + fx] : 0f;
                    Assert.Equal(expected, result[b * 25 + y * 5 + x]);
                }
            }
        }
    }
}
