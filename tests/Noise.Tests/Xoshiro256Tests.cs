namespace DenoiseApi.Noise.Tests;

public sealed class Xoshiro256Tests
{
    [Fact]
    public void MatchesTheReferenceOutputForState1234()
    {
        // First outputs of Blackman and Vigna's xoshiro256** reference C code with state {1, 2, 3, 4}.
        var rng = new Xoshiro256(1, 2, 3, 4);

        Assert.Equal([11520UL, 0UL, 1509978240UL, 1215971899390074240UL],
            new[] { rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64() });
    }

    [Fact]
    public void SeedsItsStateWithSplitMix64()
    {
        // SplitMix64 from seed 1234567 yields 6457827717110365317, 3203168211198807973, 9817491932198370423,
        // 4593380528125082431 (the reference splitmix64.c sequence).
        var seeded = new Xoshiro256(1234567);
        var explicitState = new Xoshiro256(6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(explicitState.NextUInt64(), seeded.NextUInt64());
        }
    }

    [Fact]
    public void FloatsAreInTheUnitIntervalWithMeanOneHalf()
    {
        var rng = new Xoshiro256(7);
        double sum = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            float u = rng.NextFloat();
            Assert.InRange(u, 0f, 0.99999994f);
            sum += u;
        }

        Assert.InRange(sum / n, 0.497, 0.503);
    }

    [Fact]
    public void NextIntCoversTheRangeUniformly()
    {
        var rng = new Xoshiro256(11);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[rng.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_600, 10_400));
    }

    [Fact]
    public void GaussianPairsHaveZeroMeanUnitVarianceAndNoCorrelation()
    {
        var rng = new Xoshiro256(13);
        const int pairs = 200_000;
        double s0 = 0, s1 = 0, q0 = 0, q1 = 0, cross = 0;
        for (int i = 0; i < pairs; i++)
        {
            (float a, float b) = rng.NextGaussianPair();
            s0 += a;
            s1 += b;
            q0 += a * a;
            q1 += b * b;
            cross += a * b;
        }

        Assert.InRange(s0 / pairs, -0.01, 0.01);
        Assert.InRange(s1 / pairs, -0.01, 0.01);
        Assert.InRange(q0 / pairs, 0.98, 1.02);
        Assert.InRange(q1 / pairs, 0.98, 1.02);
        Assert.InRange(cross / pairs, -0.01, 0.01);
    }

    [Fact]
    public void StreamsDifferByEveryKeyAndRepeatForTheSameKeys()
    {
        ulong First(long seed, long stream, long sub)
        {
            var rng = Xoshiro256.ForStream(seed, stream, sub);
            return rng.NextUInt64();
        }

        ulong baseline = First(1, 2, 3);
        Assert.Equal(baseline, First(1, 2, 3));
        Assert.NotEqual(baseline, First(0, 2, 3));
        Assert.NotEqual(baseline, First(1, 3, 3));
        Assert.NotEqual(baseline, First(1, 2, 4));
        Assert.NotEqual(First(1, 2, 3), First(1, 3, 2));
    }

    [Fact]
    public void ShuffleIsAPermutation()
    {
        var rng = new Xoshiro256(17);
        int[] values = Enumerable.Range(0, 100).ToArray();

        rng.Shuffle(values.AsSpan());

        Assert.NotEqual(Enumerable.Range(0, 100), values);
        Assert.Equal(Enumerable.Range(0, 100), values.Order());
    }
}
