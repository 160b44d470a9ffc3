using DenoiseApi.Training.Data;

namespace DenoiseApi.Training.Tests.Data;

public sealed class RandomShiftTests
{
    private const int Side = 28;

    [Theory]
    [InlineData(2, 1)]
    [InlineData(-2, 0)]
    [InlineData(0, -2)]
    [InlineData(-1, 2)]
    public void ShiftMovesEveryPixelByTheOffsetAndFillsTheBorderWithBackground(int dx, int dy)
    {
        var source = Enumerable.Range(0, Side * Side).Select(i => 1f + i).ToArray();
        var shifted = new float[source.Length];

        RandomShift.Shift(source, shifted, Side, dx, dy);

        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                int sy = y - dy, sx = x - dx;
                var expected = sy is >= 0 and < Side && sx is >= 0 and < Side ? source[(sy * Side) + sx] : 0f;
                Assert.Equal(expected, shifted[(y * Side) + x]);
            }
        }
    }

    [Fact]
    public void OffsetsCoverTheWholeRangeAndDependOnlyOnSeedEpochAndImage()
    {
        var offsets = Enumerable.Range(0, 2000).Select(id => RandomShift.Offset(9, 3, id, 2)).ToArray();

        Assert.All(offsets, o => { Assert.InRange(o.Dx, -2, 2); Assert.InRange(o.Dy, -2, 2); });
        Assert.Equal(25, offsets.Distinct().Count());
        Assert.Equal(offsets[17], RandomShift.Offset(9, 3, 17, 2));
        Assert.NotEqual(offsets, Enumerable.Range(0, 2000).Select(id => RandomShift.Offset(9, 4, id, 2)).ToArray());
    }

    [Fact]
    public void ApplyShiftsEachImageByItsOwnOffsetWhateverItsPlaceInTheBatch()
    {
        var digits = MnistDataset.LoadTest(null).Take(4).Images.ToArray();
        int[] ids = [40, 7, 123, 5];
        var batch = (float[])digits.Clone();
        var reversed = new float[digits.Length];
        for (var b = 0; b < 4; b++) digits.AsSpan((3 - b) * Side * Side, Side * Side).CopyTo(reversed.AsSpan(b * Side * Side));

        RandomShift.Apply(batch, Side, ids, 2, 1, 0);
        RandomShift.Apply(reversed, Side, [.. ids.Reverse()], 2, 1, 0);

        for (var b = 0; b < 4; b++)
        {
            var (dx, dy) = RandomShift.Offset(1, 0, ids[b], 2);
            var expected = new float[Side * Side];
            RandomShift.Shift(digits.AsSpan(b * Side * Side, Side * Side), expected, Side, dx, dy);
            Assert.Equal(expected, batch.AsSpan(b * Side * Side, Side * Side).ToArray());
            Assert.Equal(expected, reversed.AsSpan((3 - b) * Side * Side, Side * Side).ToArray());
        }
    }

    [Fact]
    public void NoShiftLeavesTheImagesAlone()
    {
        var digits = MnistDataset.LoadTest(null).Take(2).Images.ToArray();
        var batch = (float[])digits.Clone();

        RandomShift.Apply(batch, Side, [0, 1], 0, 1, 0);

        Assert.Equal(digits, batch);
    }
}
