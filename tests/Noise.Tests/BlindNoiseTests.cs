namespace DenoiseApi.Noise.Tests;

/// <summary>The blind denoiser's training noise: a random kind and level per image, within the ranges.</summary>
public sealed class BlindNoiseTests
{
    private const int Pixels = 784;

    [Fact]
    public void DrawsEveryKindAtItsOddsWithLevelsWithinTheRanges()
    {
        var noise = new BlindNoise(1.0);
        var counts = new Dictionary<NoiseType, int>();
        var highest = new Dictionary<NoiseType, double>();
        const int draws = 20_000;
        for (int i = 0; i < draws; i++)
        {
            var rng = Xoshiro256.ForStream(3, 0, i);
            NoiseSpec spec = noise.Draw(ref rng);
            counts[spec.Type] = counts.GetValueOrDefault(spec.Type) + 1;
            highest[spec.Type] = Math.Max(highest.GetValueOrDefault(spec.Type), spec.Level);
        }

        Assert.Equal([NoiseType.None, NoiseType.Gaussian, NoiseType.Uniform, NoiseType.SaltPepper, NoiseType.Mask], counts.Keys.Order());
        int tickets = BlindNoise.Kinds.Sum(k => k.Odds);
        foreach (var kind in BlindNoise.Kinds)
        {
            double expected = draws * (double)kind.Odds / tickets;
            Assert.InRange(counts[kind.Max.Type], expected * 0.9, expected * 1.1);
        }
        Assert.True(counts[NoiseType.Gaussian] > 2 * counts[NoiseType.Uniform], "Gaussian noise is drawn three times as often as each other kind.");
        Assert.InRange(highest[NoiseType.Gaussian], 0.58, 0.6);
        Assert.InRange(highest[NoiseType.Uniform], 0.97, 1.0);
        Assert.InRange(highest[NoiseType.SaltPepper], 0.29, 0.3);
        Assert.InRange(highest[NoiseType.Mask], 0.48, 0.5);
    }

    [Fact]
    public void HalfTheScaleHalvesTheLargestLevels()
    {
        var noise = NoiseSpec.Parse("blind:0.5").Create();
        double highestMask = 0;
        for (int i = 0; i < 5_000; i++)
        {
            var rng = Xoshiro256.ForStream(4, 0, i);
            NoiseSpec spec = ((BlindNoise)noise).Draw(ref rng);
            if (spec.Type == NoiseType.Mask) highestMask = Math.Max(highestMask, spec.Level);
        }

        Assert.InRange(highestMask, 0.24, 0.25);
    }

    [Fact]
    public void AnImageGetsExactlyTheNoiseOfItsDrawnKindAndLevel()
    {
        var clean = new float[Pixels];
        for (int i = 0; i < Pixels; i++) clean[i] = (i % 7) / 6f;
        var noise = new BlindNoise(1.0);
        for (int image = 0; image < 50; image++)
        {
            var rng = Xoshiro256.ForStream(5, 1, image);
            var replay = rng;
            var blind = new float[Pixels];
            noise.Apply(clean, blind, ref rng);

            NoiseSpec drawn = noise.Draw(ref replay);
            var expected = new float[Pixels];
            drawn.Create().Apply(clean, expected, ref replay);
            Assert.Equal(expected, blind);
            Assert.All(blind, v => Assert.InRange(v, 0f, 1f));
        }
    }
}
