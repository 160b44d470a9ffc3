namespace DenoiseApi.Noise.Tests;

public sealed class NoiseBatchTests
{
    private const int Size = 784;

    [Fact]
    public void AnImagesNoiseDependsOnlyOnSeedRoundAndItsId()
    {
        var noise = new GaussianNoise(0.5f);
        float[] clean = NoiseFunctionTests.RandomImage(3 * Size, seed: 1);
        float[] batch = new float[3 * Size];
        float[] alone = new float[Size];

        NoiseBatch.Apply(noise, clean, batch, Size, [40, 7, 12], seed: 5, round: 2);
        NoiseBatch.Apply(noise, clean.AsSpan(Size, Size), alone, Size, [7], seed: 5, round: 2);

        Assert.Equal(alone, batch.AsSpan(Size, Size).ToArray());
    }

    [Fact]
    public void EachRoundGivesFreshNoise()
    {
        var noise = new UniformNoise(0.9f);
        float[] clean = new float[Size];
        float[] round0 = new float[Size];
        float[] round1 = new float[Size];

        NoiseBatch.Apply(noise, clean, round0, Size, [3], seed: 5, round: 0);
        NoiseBatch.Apply(noise, clean, round1, Size, [3], seed: 5, round: 1);

        Assert.NotEqual(round0, round1);
    }

    [Fact]
    public void ApplyAllInParallelEqualsImageByImage()
    {
        var noise = new SaltPepperNoise(0.2f);
        const int count = 1000;
        float[] clean = NoiseFunctionTests.RandomImage(count * Size, seed: 2);
        float[] parallel = new float[clean.Length];
        float[] sequential = new float[clean.Length];

        NoiseBatch.ApplyAll(noise, clean, parallel, Size, seed: 9, round: 4);
        for (int i = 0; i < count; i++)
        {
            var rng = Xoshiro256.ForStream(9, 4, i);
            noise.Apply(clean.AsSpan(i * Size, Size), sequential.AsSpan(i * Size, Size), ref rng);
        }

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void RejectsBuffersSmallerThanTheBatch()
    {
        Assert.Throws<ArgumentException>(
            () => NoiseBatch.Apply(new MaskingNoise(0.3f), new float[Size], new float[2 * Size], Size, [0, 1], 1, 0));
    }
}
