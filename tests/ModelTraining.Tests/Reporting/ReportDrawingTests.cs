using DenoiseApi.Imaging;
using DenoiseApi.Training.Reporting.Drawing;

namespace DenoiseApi.Training.Tests.Reporting;

/// <summary>The report's drawing: chart ticks, lines, text and image blocks land where they should, and survive PNG encoding.</summary>
public sealed class ReportDrawingTests
{
    private static readonly double[] NiceMantissas = [1.0, 2.0, 5.0];

    [Theory]
    [InlineData(0.153, 0.312)]
    [InlineData(1, 100)]
    [InlineData(-3.2, 7.9)]
    [InlineData(0.5, 0.5)]
    public void TicksCoverTheRangeWithAOneTwoFiveStep(double min, double max)
    {
        var ticks = AxisTicks.For(min, max);

        Assert.True(ticks.First <= min + 1e-12 && ticks.Last >= max - 1e-12, $"{ticks} does not cover [{min}, {max}]");
        Assert.InRange(ticks.Count, 2, 12);
        var mantissa = ticks.Step / Math.Pow(10, Math.Floor(Math.Log10(ticks.Step)));
        Assert.Contains(Math.Round(mantissa, 6), NiceMantissas);
    }

    [Fact]
    public void TickLabelsHaveTheDecimalsTheStepNeeds()
    {
        var ticks = new AxisTicks(0.15, 0.05, 4);
        Assert.Equal(["0.15", "0.20", "0.25", "0.30"], Enumerable.Range(0, 4).Select(ticks.Label));
        Assert.Equal("10", new AxisTicks(0, 5, 3).Label(2));
    }

    [Fact]
    public void IntegerAxisNeverStepsBelowOne()
    {
        var ticks = AxisTicks.For(1, 3, target: 8, integers: true);
        Assert.Equal(1, ticks.Step);
        Assert.Equal(1, ticks.First);
        Assert.Equal(3, ticks.Last);
    }

    [Fact]
    public void ConstantSeriesIsDrawnAsALongRowOfItsInk()
    {
        const float ink = 0.45f;
        var canvas = LineChart.Render("t", "x", "y", [new ChartSeries("s", [1, 2, 3, 4, 5, 6, 7, 8], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], ink)], integerX: true);

        var longest = Enumerable.Range(0, canvas.Height).Max(y => Enumerable.Range(0, canvas.Width).Count(x => Math.Abs(canvas[x, y] - ink) < 1e-6));
        Assert.True(longest > canvas.Width / 2, $"longest row of series ink: {longest} of {canvas.Width} pixels");
    }

    [Fact]
    public void TextInkMatchesTheGlyphBits()
    {
        var canvas = new Canvas(20, 10);
        canvas.DrawText(1, 1, "7", Canvas.Black, scale: 1);

        for (var y = 0; y < BitmapFont.GlyphHeight; y++)
        {
            for (var x = 0; x < BitmapFont.GlyphWidth; x++) Assert.Equal(BitmapFont.IsInk('7', x, y) ? Canvas.Black : Canvas.White, canvas[x + 1, y + 1]);
        }
        Assert.True(BitmapFont.IsInk('7', 0, 0) && !BitmapFont.IsInk('7', 0, 6)); // the bar on top, nothing at the bottom left
        Assert.Equal(6 * 3 - 1, BitmapFont.Width("abc"));
        Assert.True("EPOCH loss 0.25 (best) 98.5% uniform:0.9 salt-pepper".All(BitmapFont.Supports));
    }

    [Fact]
    public void DigitGridHoldsEachImageScaledAndSurvivesPngRoundTrip()
    {
        var image = new float[28 * 28];
        for (var i = 0; i < image.Length; i++) image[i] = (i % 28) / 27f; // a left-to-right ramp
        var grid = DigitGrid.Render("ramp", [new DigitRow("row", [image, image])], scale: 2);

        var decoded = ImageDecoder.DecodeGray(grid.ToPng());

        Assert.Equal((grid.Width, grid.Height), (decoded.Width, decoded.Height));
        Assert.Equal(2, CountBlocks(decoded, image, scale: 2));
    }

    /// <summary>How many places of <paramref name="decoded"/> hold <paramref name="image"/> scaled up (to 8-bit precision).</summary>
    private static int CountBlocks(GrayImage decoded, float[] image, int scale)
    {
        var side = 28 * scale;
        var found = 0;
        for (var top = 0; top + side <= decoded.Height; top++)
        {
            for (var left = 0; left + side <= decoded.Width; left++)
            {
                var match = true;
                for (var y = 0; y < side && match; y++)
                {
                    for (var x = 0; x < side && match; x++) match = Math.Abs(decoded[left + x, top + y] - image[((y / scale) * 28) + (x / scale)]) <= 1 / 254f;
                }
                if (match) found++;
            }
        }
        return found;
    }
}
