using static DenoiseApi.Noise.Tests.NoiseStatistics;

namespace DenoiseApi.Noise.Tests;

public sealed class NoiseFunctionTests
{
    private const int Pixels = 784 * 256;

    [Theory]
    [InlineData(Pixels)]
    [InlineData(Pixels + 15)] // exercises the scalar tail after the 16-wide vector loop
    public void GaussianNoiseAddsSigmaTimesStandardNormal(int length)
    {
        float[] clean = Constant(length, 0.5f);
        float[] noisy = new float[length];
        var rng = new Xoshiro256(1);

        new GaussianNoise(0.1f).Apply(clean, noisy, ref rng);

        // At x = 0.5 and σ = 0.1 clipping needs a 5σ draw, so the output is x + σz: mean 0.5, variance 0.01.
        // Bounds are about 5 standard errors of the estimates.
        (double mean, double variance) = MeanVariance(noisy);
        Assert.InRange(mean, 0.4988, 0.5012);
        Assert.InRange(variance, 0.0098, 0.0102);
    }

    [Fact]
    public void GaussianNoiseHasTheNormalShape()
    {
        float[] clean = Constant(Pixels, 0.5f);
        float[] noisy = new float[Pixels];
        var rng = new Xoshiro256(21);

        new GaussianNoise(0.1f).Apply(clean, noisy, ref rng);

        double[] z = noisy.Select(v => (v - 0.5) / 0.1).ToArray();
        double within1 = z.Count(v => Math.Abs(v) < 1) / (double)z.Length;
        double within2 = z.Count(v => Math.Abs(v) < 2) / (double)z.Length;
        double skew = z.Average(v => v * v * v);
        double kurtosis = z.Average(v => v * v * v * v);
        Assert.InRange(within1, 0.6827 - 0.005, 0.6827 + 0.005);
        Assert.InRange(within2, 0.9545 - 0.0025, 0.9545 + 0.0025);
        Assert.InRange(skew, -0.045, 0.045); // bounds here are about 5 standard errors
        Assert.InRange(kurtosis, 2.89, 3.11);

        // The two members of each Box-Muller pair (pixels i and i + 8 of each 16-pixel block) are independent.
        double cross = 0, crossSquares = 0;
        int pairs = 0;
        for (int block = 0; block + 16 <= z.Length; block += 16)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                double a = z[block + lane], b = z[block + lane + 8];
                cross += a * b;
                crossSquares += ((a * a) - 1) * ((b * b) - 1);
                pairs++;
            }
        }

        Assert.InRange(cross / pairs, -0.015, 0.015);
        Assert.InRange(crossSquares / pairs, -0.03, 0.03);
    }

    [Fact]
    public void GaussianNoiseClipsToTheUnitInterval()
    {
        float[] clean = Constant(Pixels, 0f);
        float[] noisy = new float[Pixels];
        var rng = new Xoshiro256(2);

        new GaussianNoise(0.5f).Apply(clean, noisy, ref rng);

        // clip(0.5z, 0, 1): half the pixels clip to 0; P(z > 2) = 0.02275 clip to 1.
        Assert.All(noisy, v => Assert.InRange(v, 0f, 1f));
        Assert.InRange(FractionEqual(noisy, 0f), 0.495, 0.505);
        Assert.InRange(FractionEqual(noisy, 1f), 0.0211, 0.0244);
    }

    [Fact]
    public void GaussianTailMatchesTheVectorisedBodyStatistically()
    {
        // 15-value buffers are handled entirely by the scalar path.
        var rng = new Xoshiro256(3);
        var noise = new GaussianNoise(0.1f);
        float[] clean = Constant(15, 0.5f);
        float[] noisy = new float[15];
        var all = new List<float>();
        for (int i = 0; i < 20_000; i++)
        {
            noise.Apply(clean, noisy, ref rng);
            all.AddRange(noisy);
        }

        (double mean, double variance) = MeanVariance(all.ToArray());
        Assert.InRange(mean, 0.499, 0.501);
        Assert.InRange(variance, 0.0098, 0.0102);
    }

    [Fact]
    public void UniformNoiseOnBlackIsUniformUpToTheFactor()
    {
        float[] clean = Constant(Pixels, 0f);
        float[] noisy = new float[Pixels];
        var rng = new Xoshiro256(4);

        new UniformNoise(0.9f).Apply(clean, noisy, ref rng);

        (double mean, double variance) = MeanVariance(noisy);
        Assert.All(noisy, v => Assert.InRange(v, 0f, 0.9f));
        Assert.InRange(mean, 0.447, 0.453);
        Assert.InRange(variance, (0.81 / 12) * 0.99, (0.81 / 12) * 1.01);
    }

    [Fact]
    public void UniformNoiseClipsAtOne()
    {
        float[] clean = Constant(Pixels + 7, 0.5f);
        float[] noisy = new float[Pixels + 7];
        var rng = new Xoshiro256(5);

        new UniformNoise(0.9f).Apply(clean, noisy, ref rng);

        // 0.5 + 0.9u ≥ 1 exactly when u ≥ 5/9.
        Assert.InRange(FractionEqual(noisy, 1f), (4.0 / 9) - 0.005, (4.0 / 9) + 0.005);
        Assert.All(noisy, v => Assert.InRange(v, 0.5f, 1f));
    }

    [Fact]
    public void SaltAndPepperHitsFractionPSplitEvenlyBetweenZeroAndOne()
    {
        float[] clean = Constant(Pixels + 1, 0.5f);
        float[] noisy = new float[Pixels + 1];
        var rng = new Xoshiro256(6);

        new SaltPepperNoise(0.2f).Apply(clean, noisy, ref rng);

        Assert.InRange(FractionEqual(noisy, 0f), 0.0965, 0.1035);
        Assert.InRange(FractionEqual(noisy, 1f), 0.0965, 0.1035);
        Assert.InRange(FractionEqual(noisy, 0.5f), 0.7955, 0.8045);
    }

    [Fact]
    public void MaskingZeroesFractionPAndKeepsTheRest()
    {
        float[] clean = Constant(Pixels + 3, 0.75f);
        float[] noisy = new float[Pixels + 3];
        var rng = new Xoshiro256(7);

        new MaskingNoise(0.3f).Apply(clean, noisy, ref rng);

        Assert.InRange(FractionEqual(noisy, 0f), 0.295, 0.305);
        Assert.InRange(FractionEqual(noisy, 0.75f), 0.695, 0.705);
    }

    [Theory]
    [InlineData("salt-pepper:1", 0.5)]
    [InlineData("mask:1", 1.0)]
    public void AFractionOfOneHitsEveryPixel(string spec, double expectedZeroFraction)
    {
        float[] clean = Constant(10_000, 0.5f);
        float[] noisy = new float[10_000];
        var rng = new Xoshiro256(8);

        NoiseSpec.Parse(spec).Create().Apply(clean, noisy, ref rng);

        Assert.Equal(0, FractionEqual(noisy, 0.5f));
        Assert.InRange(FractionEqual(noisy, 0f), expectedZeroFraction - 0.02, expectedZeroFraction + 0.02);
        Assert.All(noisy, v => Assert.True(v is 0f or 1f));
    }

    [Theory]
    [InlineData("gaussian:0")]
    [InlineData("uniform:0")]
    [InlineData("salt-pepper:0")]
    [InlineData("mask:0")]
    [InlineData("none")]
    public void LevelZeroLeavesTheImageUnchanged(string spec)
    {
        float[] clean = RandomImage(784 + 5, seed: 9);
        float[] noisy = new float[clean.Length];
        var rng = new Xoshiro256(10);

        NoiseSpec.Parse(spec).Create().Apply(clean, noisy, ref rng);

        Assert.Equal(clean, noisy);
    }

    [Theory]
    [InlineData("gaussian:0.5")]
    [InlineData("uniform:0.9")]
    [InlineData("salt-pepper:0.2")]
    [InlineData("mask:0.3")]
    public void SameSeedSameNoiseNextCallFreshNoise(string spec)
    {
        INoise noise = NoiseSpec.Parse(spec).Create();
        float[] clean = RandomImage(784, seed: 11);
        float[] a = new float[784], b = new float[784], c = new float[784];
        var first = new Xoshiro256(12);
        var second = new Xoshiro256(12);

        noise.Apply(clean, a, ref first);
        noise.Apply(clean, b, ref second);
        noise.Apply(clean, c, ref first);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(clean, a);
        Assert.All(c, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData("gaussian:0.5")]
    [InlineData("uniform:0.9")]
    [InlineData("salt-pepper:0.2")]
    [InlineData("mask:0.3")]
    public void WorksInPlace(string spec)
    {
        INoise noise = NoiseSpec.Parse(spec).Create();
        float[] clean = RandomImage(784 + 9, seed: 13);
        float[] separate = new float[clean.Length];
        float[] inPlace = (float[])clean.Clone();
        var r1 = new Xoshiro256(14);
        var r2 = new Xoshiro256(14);

        noise.Apply(clean, separate, ref r1);
        noise.Apply(inPlace, inPlace, ref r2);

        Assert.Equal(separate, inPlace);
    }

    [Fact]
    public void RejectsBuffersOfDifferentLengths()
    {
        var rng = new Xoshiro256(15);

        Assert.Throws<ArgumentException>(() => new GaussianNoise(0.5f).Apply(new float[784], new float[783], ref rng));
    }

    internal static float[] RandomImage(int length, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var image = new float[length];
        for (int i = 0; i < length; i++)
        {
            image[i] = rng.NextFloat();
        }

        return image;
    }
}
