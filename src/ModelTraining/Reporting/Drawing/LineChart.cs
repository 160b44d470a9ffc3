namespace DenoiseApi.Training.Reporting.Drawing;

/// <summary>One line of a <see cref="LineChart"/>: points (x, y), drawn in gray level <see cref="Ink"/>, dashed when <see cref="Dash"/> &gt; 0.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, float Ink = Canvas.Black, int Dash = 0);

/// <summary>
/// A grayscale line chart: title, axes with nice ticks and grid lines, axis labels, one polyline with point markers per
/// series, a legend, and an optional dotted vertical mark (e.g. the best epoch).
/// </summary>
public static class LineChart
{
    private const float Grid = 0.88f;
    private const int Tick = 4;

    public static Canvas Render(
        string title,
        string xLabel,
        string yLabel,
        IReadOnlyList<ChartSeries> series,
        double? markX = null,
        string? markLabel = null,
        int width = 640,
        int height = 400,
        bool integerX = true)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        if (points.Count == 0) throw new ArgumentException("A chart needs at least one finite point.", nameof(series));

        var xTicks = AxisTicks.For(points.Min(p => p.First), points.Max(p => p.First), target: 8, integers: integerX);
        var yMin = points.Min(p => p.Second);
        var yMax = points.Max(p => p.Second);
        var yPad = (yMax - yMin) * 0.05;
        var yTicks = AxisTicks.For(yMin - yPad, yMax + yPad, target: 6);

        var yLabelWidth = Enumerable.Range(0, yTicks.Count).Max(i => BitmapFont.Width(yTicks.Label(i)));
        var left = 12 + BitmapFont.Height() + 10 + yLabelWidth + Tick + 4;
        const int top = 34;
        var right = 16;
        var bottom = 12 + BitmapFont.Height() + 10 + BitmapFont.Height() + Tick + 6;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        if (plotWidth < 40 || plotHeight < 40) throw new ArgumentException($"A {width}x{height} chart leaves no room to plot.");

        int Px(double x) => left + (int)Math.Round((x - xTicks.First) / (xTicks.Last - xTicks.First) * plotWidth);
        int Py(double y) => top + plotHeight - (int)Math.Round((y - yTicks.First) / (yTicks.Last - yTicks.First) * plotHeight);

        var canvas = new Canvas(width, height);
        canvas.DrawText((width - BitmapFont.Width(title, 2)) / 2, 8, title, Canvas.Black, 2);

        for (var i = 0; i < yTicks.Count; i++)
        {
            var y = Py(yTicks[i]);
            canvas.DrawLine(left, y, left + plotWidth, y, Grid);
            canvas.DrawLine(left - Tick, y, left, y, Canvas.Black);
            var label = yTicks.Label(i);
            canvas.DrawText(left - Tick - 4 - BitmapFont.Width(label), y - (BitmapFont.Height() / 2), label, Canvas.Black);
        }
        for (var i = 0; i < xTicks.Count; i++)
        {
            var x = Px(xTicks[i]);
            canvas.DrawLine(x, top, x, top + plotHeight, Grid);
            canvas.DrawLine(x, top + plotHeight, x, top + plotHeight + Tick, Canvas.Black);
            var label = xTicks.Label(i);
            canvas.DrawText(x - (BitmapFont.Width(label) / 2), top + plotHeight + Tick + 4, label, Canvas.Black);
        }
        canvas.DrawText(left + ((plotWidth - BitmapFont.Width(xLabel)) / 2), height - 12 - BitmapFont.Height(), xLabel, Canvas.Black);
        canvas.DrawTextUpwards(12, top + ((plotHeight + BitmapFont.Width(yLabel)) / 2), yLabel, Canvas.Black);

        if (markX is double mark && mark >= xTicks.First && mark <= xTicks.Last)
        {
            var x = Px(mark);
            canvas.DrawLine(x, top, x, top + plotHeight, 0.45f, dash: 3);
            if (markLabel is not null)
            {
                var labelWidth = BitmapFont.Width(markLabel);
                var labelX = x + 4 + labelWidth <= left + plotWidth - 2 ? x + 4 : x - 4 - labelWidth;
                canvas.DrawText(labelX, top + ((plotHeight - BitmapFont.Height()) / 2), markLabel, 0.3f); // mid-height: clear of the legend (top) and of falling curves (bottom)
            }
        }

        foreach (var s in series)
        {
            var line = s.X.Zip(s.Y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).Select(p => (X: Px(p.First), Y: Py(p.Second))).ToList();
            var phase = 0;
            for (var i = 1; i < line.Count; i++) phase = canvas.DrawLine(line[i - 1].X, line[i - 1].Y, line[i].X, line[i].Y, s.Ink, thickness: 2, dash: s.Dash, dashPhase: phase);
            if (line.Count <= 40)
            {
                foreach (var (x, y) in line) canvas.FillRectangle(x - 2, y - 2, 5, 5, s.Ink);
            }
        }
        canvas.DrawRectangle(left, top, plotWidth + 1, plotHeight + 1, Canvas.Black);
        DrawLegend(canvas, series, left + plotWidth - 8, top + 8);
        return canvas;
    }

    private static void DrawLegend(Canvas canvas, IReadOnlyList<ChartSeries> series, int rightEdge, int y)
    {
        const int sample = 28;
        const int rowHeight = 14;
        var textWidth = series.Max(s => BitmapFont.Width(s.Name));
        var boxWidth = 8 + sample + 6 + textWidth + 8;
        var boxHeight = 6 + (series.Count * rowHeight) + 2;
        var x = rightEdge - boxWidth;
        canvas.FillRectangle(x, y, boxWidth, boxHeight, Canvas.White);
        canvas.DrawRectangle(x, y, boxWidth, boxHeight, 0.6f);
        for (var i = 0; i < series.Count; i++)
        {
            var rowY = y + 6 + (i * rowHeight);
            var mid = rowY + (BitmapFont.Height() / 2);
            canvas.DrawLine(x + 8, mid, x + 8 + sample, mid, series[i].Ink, thickness: 2, dash: series[i].Dash);
            canvas.DrawText(x + 8 + sample + 6, rowY, series[i].Name, Canvas.Black);
        }
    }
}
