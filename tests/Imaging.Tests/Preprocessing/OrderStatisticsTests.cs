using DenoiseApi.Imaging.Preprocessing;

namespace DenoiseApi.Imaging.Tests.Preprocessing;

/// <summary>The polarity check's percentiles: selection must answer exactly what a sort of the same values holds.</summary>
public sealed class OrderStatisticsTests
{
    public static TheoryData<string> Shapes => new() { "random", "sorted", "reversed", "few levels", "all equal", "with NaN", "organ pipe" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SelectAnswersWhatTheSortedValuesHoldAtEveryRank(string shape)
    {
        var random = new Random(7);
        foreach (int length in new[] { 1, 2, 3, 10, 108, 1000, 4099 })
        {
            float[] values = Enumerable.Range(0, length).Select(i => Value(shape, i, length, random)).ToArray();
            float[] sorted = (float[])values.Clone();
            Array.Sort(sorted);
            int[] ranks = length <= 108 ? Enumerable.Range(0, length).ToArray() : [0, (length - 1) / 100, length / 2, (length - 1) * 99 / 100, length - 1];
            foreach (int k in ranks)
            {
                float[] work = (float[])values.Clone();
                Assert.Equal(sorted[k], OrderStatistics.Select(work, k));
                Assert.Equal(sorted, work.Order(Comparer<float>.Default).ToArray()); // reordered, nothing lost or made up
            }
        }
    }

    [Fact]
    public void RepeatedSelectsOnTheSameValuesStayExact()
    {
        var random = new Random(11);
        float[] values = Enumerable.Range(0, 5000).Select(_ => MathF.Round(random.NextSingle() * 20) / 20).ToArray();
        float[] sorted = (float[])values.Clone();
        Array.Sort(sorted);
        foreach (int k in new[] { 2500, 49, 4949, 0, 4999 })
        {
            Assert.Equal(sorted[k], OrderStatistics.Select(values, k));
        }
    }

    [Fact]
    public void ARankOutsideTheValuesIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.Select(new float[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.Select(new float[3], -1));
    }

    private static float Value(string shape, int i, int length, Random random) => shape switch
    {
        "random" => random.NextSingle(),
        "sorted" => i / (float)length,
        "reversed" => (length - i) / (float)length,
        "few levels" => random.Next(3) / 2f,
        "all equal" => 0.5f,
        "with NaN" => i % 7 == 0 ? float.NaN : random.NextSingle(),
        "organ pipe" => Math.Min(i, length - i) / (float)length,
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
