namespace DenoiseApi.Training.Reporting.Drawing;

/// <summary>
/// One row of a <see cref="DigitGrid"/>: a label on the left, 28x28 images, optional captions under them, and optional
/// marks (a frame around the image, e.g. a wrong prediction).
/// </summary>
public sealed record DigitRow(string Label, IReadOnlyList<float[]> Images, IReadOnlyList<string>? Captions = null, IReadOnlyList<bool>? Marked = null);

/// <summary>A title over rows of MNIST digits (white on black, as the data has them) scaled up, with row labels and captions.</summary>
public static class DigitGrid
{
    public const int Side = 28;
    private const int Gap = 6;
    private const int Margin = 10;

    public static Canvas Render(string title, IReadOnlyList<DigitRow> rows, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows.Any(r => r.Images.Count == 0)) throw new ArgumentException("A digit grid needs rows of at least one image.", nameof(rows));
        if (rows.SelectMany(r => r.Images).Any(i => i.Length != Side * Side)) throw new ArgumentException($"Every image must have {Side * Side} pixels.", nameof(rows));

        var cell = Side * scale;
        var columns = rows.Max(r => r.Images.Count);
        var labelWidth = rows.Max(r => BitmapFont.Width(r.Label)) + Margin;
        var captionHeight = BitmapFont.Height() + 4;
        var rowHeights = rows.Select(r => cell + (r.Captions is null ? 0 : captionHeight) + Gap).ToList();
        var titleHeight = BitmapFont.Height(2) + 12;
        var width = Margin + labelWidth + (columns * (cell + Gap)) - Gap + Margin;
        var height = Margin + titleHeight + rowHeights.Sum() - Gap + Margin;

        var canvas = new Canvas(width, height);
        canvas.DrawText(Math.Max(Margin, (width - BitmapFont.Width(title, 2)) / 2), Margin, title, Canvas.Black, 2);
        var y = Margin + titleHeight;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            canvas.DrawText(Margin, y + ((cell - BitmapFont.Height()) / 2), row.Label, Canvas.Black);
            for (var c = 0; c < row.Images.Count; c++)
            {
                var x = Margin + labelWidth + (c * (cell + Gap));
                canvas.DrawImage(x, y, row.Images[c], Side, Side, scale);
                if (row.Marked is { } marked && c < marked.Count && marked[c]) canvas.DrawRectangle(x - 3, y - 3, cell + 6, cell + 6, 0.5f, thickness: 2);
                if (row.Captions is { } captions && c < captions.Count)
                {
                    var caption = captions[c];
                    canvas.DrawText(x + ((cell - BitmapFont.Width(caption)) / 2), y + cell + 4, caption, Canvas.Black);
                }
            }
            y += rowHeights[r];
        }
        return canvas;
    }
}
