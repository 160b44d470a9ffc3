using DenoiseApi.Imaging;

namespace DenoiseApi.Training.Reporting.Drawing;

/// <summary>
/// A grayscale drawing surface of floats in [0, 1] (0 black, 1 white), row-major, for the report's charts and digit
/// grids: pixels, rectangles, solid or dashed lines of any thickness, bitmap-font text, and scaled images; written out
/// with the project's own <see cref="PngEncoder"/>. Drawing outside the canvas is clipped.
/// </summary>
public sealed class Canvas
{
    public const float White = 1f;
    public const float Black = 0f;

    public Canvas(int width, int height, float background = White)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new float[width * height];
        Array.Fill(Pixels, background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixels, row-major.</summary>
    public float[] Pixels { get; }

    public float this[int x, int y] => Pixels[(y * Width) + x];

    public void Set(int x, int y, float value)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height) Pixels[(y * Width) + x] = value;
    }

    /// <summary>Fills the rectangle with its top-left corner at (x, y).</summary>
    public void FillRectangle(int x, int y, int width, int height, float value)
    {
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
        {
            for (var column = Math.Max(0, x); column < Math.Min(Width, x + width); column++) Pixels[(row * Width) + column] = value;
        }
    }

    /// <summary>The outline of a rectangle, <paramref name="thickness"/> pixels inward from its edges.</summary>
    public void DrawRectangle(int x, int y, int width, int height, float value, int thickness = 1)
    {
        FillRectangle(x, y, width, thickness, value);
        FillRectangle(x, y + height - thickness, width, thickness, value);
        FillRectangle(x, y, thickness, height, value);
        FillRectangle(x + width - thickness, y, thickness, height, value);
    }

    /// <summary>
    /// A straight line from (x0, y0) to (x1, y1) (Bresenham), <paramref name="thickness"/> pixels wide (a square brush);
    /// with <paramref name="dash"/> &gt; 0, alternately <paramref name="dash"/> steps drawn and <paramref name="dash"/> skipped,
    /// the pattern continuing from <paramref name="dashPhase"/> (returned, so a polyline keeps one rhythm).
    /// </summary>
    public int DrawLine(int x0, int y0, int x1, int y1, float value, int thickness = 1, int dash = 0, int dashPhase = 0)
    {
        var dx = Math.Abs(x1 - x0);
        var dy = -Math.Abs(y1 - y0);
        var sx = x0 < x1 ? 1 : -1;
        var sy = y0 < y1 ? 1 : -1;
        var error = dx + dy;
        var step = dashPhase;
        var low = -(thickness - 1) / 2;
        var high = thickness / 2;
        while (true)
        {
            if (dash <= 0 || (step / dash) % 2 == 0)
            {
                for (var oy = low; oy <= high; oy++)
                {
                    for (var ox = low; ox <= high; ox++) Set(x0 + ox, y0 + oy, value);
                }
            }
            if (x0 == x1 && y0 == y1) return step;
            step++;
            var e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x0 += sx;
            }
            if (e2 <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Text in the <see cref="BitmapFont"/> with its top-left corner at (x, y).</summary>
    public void DrawText(int x, int y, string text, float value, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        for (var i = 0; i < text.Length; i++)
        {
            var left = x + (i * BitmapFont.Advance * scale);
            for (var gy = 0; gy < BitmapFont.GlyphHeight; gy++)
            {
                for (var gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (BitmapFont.IsInk(text[i], gx, gy)) FillRectangle(left + (gx * scale), y + (gy * scale), scale, scale, value);
                }
            }
        }
    }

    /// <summary>Text turned a quarter counter-clockwise (reading upwards), its glyphs' top edge at column x, ending at row y.</summary>
    public void DrawTextUpwards(int x, int y, string text, float value, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var bottom = y - (i * BitmapFont.Advance * scale);
            for (var gy = 0; gy < BitmapFont.GlyphHeight; gy++)
            {
                for (var gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (BitmapFont.IsInk(text[i], gx, gy)) FillRectangle(x + (gy * scale), bottom - ((gx + 1) * scale), scale, scale, value);
                }
            }
        }
    }

    /// <summary>Copies an image of <paramref name="width"/> x <paramref name="height"/> values (clamped to [0, 1]) to (x, y), each pixel as a scale x scale block.</summary>
    public void DrawImage(int x, int y, ReadOnlySpan<float> image, int width, int height, int scale = 1)
    {
        if (image.Length != width * height) throw new ArgumentException($"Expected {width * height} values for {width}x{height}, got {image.Length}.", nameof(image));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        for (var row = 0; row < height; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var v = image[(row * width) + column];
                FillRectangle(x + (column * scale), y + (row * scale), scale, scale, float.IsNaN(v) ? 0f : Math.Clamp(v, 0f, 1f));
            }
        }
    }

    /// <summary>The canvas as an 8-bit grayscale PNG.</summary>
    public byte[] ToPng() => PngEncoder.EncodeGray8(Pixels, Width, Height);
}
