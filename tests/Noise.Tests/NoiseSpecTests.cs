namespace DenoiseApi.Noise.Tests;

public sealed class NoiseSpecTests
{
    [Theory]
    [InlineData("gaussian:0.5", NoiseType.Gaussian, 0.5)]
    [InlineData("uniform:0.9", NoiseType.Uniform, 0.9)]
    [InlineData("salt-pepper:0.2", NoiseType.SaltPepper, 0.2)]
    [InlineData("mask:0.3", NoiseType.Mask, 0.3)]
    [InlineData(" Gaussian : 0.1 ", NoiseType.Gaussian, 0.1)]
    [InlineData("none", NoiseType.None, 0.0)]
    [InlineData("blind:1", NoiseType.Blind, 1.0)]
    public void ParsesTypeAndLevel(string text, NoiseType type, double level)
    {
        NoiseSpec spec = NoiseSpec.Parse(text);

        Assert.Equal(type, spec.Type);
        Assert.Equal(level, spec.Level);
    }

    [Theory]
    [InlineData("gaussian:0.5")]
    [InlineData("uniform:0.9")]
    [InlineData("salt-pepper:0.2")]
    [InlineData("mask:0.3")]
    [InlineData("none")]
    [InlineData("blind:0.5")]
    public void FormatsBackToWhatItParsed(string text)
    {
        Assert.Equal(text, NoiseSpec.Parse(text).ToString());
    }

    [Theory]
    [InlineData("gaussian:-0.1", "[0, 2]")]
    [InlineData("gaussian:2.5", "[0, 2]")]
    [InlineData("uniform:3", "[0, 2]")]
    [InlineData("salt-pepper:1.5", "[0, 1]")]
    [InlineData("mask:-0.2", "[0, 1]")]
    [InlineData("blind:1.5", "[0, 1]")]
    [InlineData("gaussian", "numeric level")]
    [InlineData("gaussian:abc", "numeric level")]
    [InlineData("gaussian:NaN", "numeric level")]
    [InlineData("speckle:0.2", "not understood")]
    [InlineData("gaussian:0.1:2", "not understood")]
    [InlineData("none:0.5", "no level")]
    [InlineData("", "Empty")]
    public void RejectsBadSpecsWithTheReason(string text, string reason)
    {
        Assert.False(NoiseSpec.TryParse(text, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => NoiseSpec.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstructorValidatesTheLevelToo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseSpec(NoiseType.Mask, 1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(-1f));
    }

    [Theory]
    [InlineData("gaussian:0.5", "gaussian_0.5")]
    [InlineData("uniform:0.9", "uniform_0.9")]
    [InlineData("salt-pepper:0.2", "salt_pepper_0.2")]
    [InlineData("none", "none")]
    public void MetricKeyIsSnakeCase(string text, string key)
    {
        Assert.Equal(key, NoiseSpec.Parse(text).MetricKey);
    }

    [Fact]
    public void RoundTripsThroughTheManifestRecord()
    {
        NoiseSpec spec = NoiseSpec.Parse("salt-pepper:0.2");

        DenoiseApi.ModelStore.NoiseSpec manifest = spec.ToManifest();

        Assert.Equal("salt-pepper", manifest.Type);
        Assert.Equal(0.2, manifest.Level);
        Assert.Equal(spec, NoiseSpec.FromManifest(manifest));
    }

    [Theory]
    [InlineData("gaussian:0.5", typeof(GaussianNoise))]
    [InlineData("uniform:0.9", typeof(UniformNoise))]
    [InlineData("salt-pepper:0.2", typeof(SaltPepperNoise))]
    [InlineData("mask:0.3", typeof(MaskingNoise))]
    [InlineData("none", typeof(NoNoise))]
    public void CreatesTheNoiseItDescribes(string text, Type type)
    {
        INoise noise = NoiseSpec.Parse(text).Create();

        Assert.IsType(type, noise);
        Assert.Equal(NoiseSpec.Parse(text), noise.Spec);
    }

    [Fact]
    public void AFloatLevelGivesTheSameSpecAsItsDecimal()
    {
        Assert.Equal(NoiseSpec.Parse("uniform:0.9"), new UniformNoise(0.9f).Spec);
        Assert.Equal("uniform_0.9", new UniformNoise(0.9f).Spec.MetricKey);
        Assert.Equal(0.9, new NoiseSpec(NoiseType.Uniform, 0.9f).Level);
    }
}
