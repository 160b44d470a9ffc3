using System.Buffers;
using System.Numerics;
using DenoiseApi.Imaging.Preprocessing;

namespace DenoiseApi.Imaging;

/// <summary>
/// Turns any grayscale image of a digit into the 28x28 input the MNIST models expect: white digit on black, and
/// (for <see cref="FitMode.Mnist"/>) framed the way the MNIST images themselves were made.
/// </summary>
public static class DigitPreprocessor
{
    /// <summary>Side of the model input.</summary>
    public const int Size = 28;

    /// <summary>Side of the box the digit is scaled into by <see cref="FitMode.Mnist"/>.</summary>
    public const int DigitBox = 20;

    /// <summary>The MNIST centre of mass, in pixel-index coordinates (measured on the training set: 14.0, 14.0).</summary>
    public const float MassCentre = 14f;

    /// <summary>Smallest difference between the brightest pixel and the background that counts as a digit.</summary>
    public const float MinContrast = 0.1f;

    /// <summary>Level (0 background, 1 brightest ink) from which a pixel belongs to the digit's bounding box.</summary>
    public const float InkThreshold = 0.25f;

    /// <summary>Preprocesses <paramref name="image"/>; throws <see cref="ImageErrorKind.Empty"/> when there is no digit to frame.</summary>
    public static PreprocessResult ToModelInput(GrayImage image, PreprocessOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        if (image.Width == 0 || image.Height == 0)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, "The image has no pixels.");
        }

        bool inverted = options.Polarity switch
        {
            Polarity.Invert => true,
            Polarity.Keep => false,
            _ => InkIsDarkerThanBackground(image.Pixels, image.Width, image.Height),
        };
        FitMode fit = options.Fit == FitMode.Auto
            ? (image.Width == Size && image.Height == Size ? FitMode.Stretch : FitMode.Mnist)
            : options.Fit;

        if (fit == FitMode.Stretch)
        {
            if (Contrast(image.Pixels) < MinContrast)
            {
                throw new ImageDecodeException(ImageErrorKind.Empty, "The image is blank: no digit stands out from the background.");
            }

            return new PreprocessResult(Stretch(image, inverted), inverted, image.Width, image.Height);
        }

        float[] framed = MnistFit(image, inverted, out DigitFraming framing);
        return new PreprocessResult(framed, inverted, image.Width, image.Height) { Framing = framing };
    }

    /// <summary>
    /// A model output in the caller's levels: clamped to [0, 1] and inverted when the input was (see
    /// <see cref="PreprocessResult.Inverted"/>). A value that is not a number stays one (the PNG encoder writes it as 0).
    /// </summary>
    public static void ToCallerLevels(ReadOnlySpan<float> modelPixels, bool inverted, Span<float> destination)
    {
        if (destination.Length < modelPixels.Length)
        {
            throw new ArgumentException($"Room for {modelPixels.Length} pixels is needed, got {destination.Length}.", nameof(destination));
        }

        ClampLevels(modelPixels, destination, inverted, notANumberAs: float.NaN);
    }

    /// <summary>
    /// Maps a 28x28 model-space image (for example a denoiser's output) back onto the source image's pixel grid, undoing
    /// <see cref="PreprocessResult.Framing"/>: each source pixel samples the model image bilinearly at its centre; source
    /// pixels outside the model's field get the background (0). The result is still in model polarity.
    /// </summary>
    public static GrayImage ToSourceGeometry(ReadOnlySpan<float> modelPixels, PreprocessResult input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (modelPixels.Length != Size * Size)
        {
            throw new ArgumentException($"Expected {Size * Size} model pixels, got {modelPixels.Length}.", nameof(modelPixels));
        }

        DigitFraming f = input.Framing;
        int width = input.SourceWidth, height = input.SourceHeight;
        var result = new float[(long)width * height];
        Span<int> x0 = width <= 4096 ? stackalloc int[width] : new int[width];
        Span<float> fx = width <= 4096 ? stackalloc float[width] : new float[width];
        for (int x = 0; x < width; x++)
        {
            double mx = ((x + 0.5) * f.ScaleX) + f.OffsetX - 0.5;
            x0[x] = mx < -1 || mx > Size ? int.MinValue : (int)Math.Floor(mx);
            fx[x] = (float)(mx - Math.Floor(mx));
        }

        for (int y = 0; y < height; y++)
        {
            double my = ((y + 0.5) * f.ScaleY) + f.OffsetY - 0.5;
            if (my < -1 || my > Size)
            {
                continue;
            }

            int y0 = (int)Math.Floor(my);
            float fy = (float)(my - y0);
            Span<float> target = result.AsSpan(y * width, width);
            for (int x = 0; x < width; x++)
            {
                if (x0[x] == int.MinValue)
                {
                    continue;
                }

                float top = Lerp(Sample(modelPixels, x0[x], y0), Sample(modelPixels, x0[x] + 1, y0), fx[x]);
                float bottom = Lerp(Sample(modelPixels, x0[x], y0 + 1), Sample(modelPixels, x0[x] + 1, y0 + 1), fx[x]);
                target[x] = Lerp(top, bottom, fy);
            }
        }

        return new GrayImage(width, height, result);
    }

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);

    /// <summary>A model pixel, clamped to the edge within half a pixel of the field, background (0) beyond.</summary>
    private static float Sample(ReadOnlySpan<float> model, int x, int y)
    {
        x = x == -1 ? 0 : x == Size ? Size - 1 : x;
        y = y == -1 ? 0 : y == Size ? Size - 1 : y;
        return x is >= 0 and < Size && y is >= 0 and < Size ? Math.Clamp(model[(y * Size) + x], 0f, 1f) : 0f;
    }

    private static float[] Stretch(GrayImage image, bool inverted)
    {
        bool modelSized = image.Width == Size && image.Height == Size;
        float[] pixels = modelSized ? new float[Size * Size] : ImageResizer.ResizeArea(image, Size, Size).Pixels;
        ClampLevels(modelSized ? image.Pixels : pixels, pixels, inverted, notANumberAs: 0f);
        return pixels;
    }

    /// <summary>
    /// <paramref name="target"/>[i] = <paramref name="source"/>[i] clamped to [0, 1], <paramref name="notANumberAs"/>
    /// where it is not a number, then inverted (1 - v) when <paramref name="inverted"/>. The spans may be the same.
    /// </summary>
    private static void ClampLevels(ReadOnlySpan<float> source, Span<float> target, bool inverted, float notANumberAs)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One;
            var nan = new Vector<float>(notANumberAs);
            for (; i <= source.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(source[i..]);
                var level = Vector.ConditionalSelect(Vector.Equals(v, v), Vector.Min(Vector.Max(v, Vector<float>.Zero), one), nan);
                (inverted ? one - level : level).CopyTo(target[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            float v = float.IsNaN(source[i]) ? notANumberAs : Math.Clamp(source[i], 0f, 1f);
            target[i] = inverted ? 1f - v : v;
        }
    }

    private static float[] MnistFit(GrayImage image, bool inverted, out DigitFraming framing)
    {
        int width = image.Width;
        float[] pixels = image.Pixels;

        // Levels in the oriented image (digit bright): the background is a plane fitted to the border frame (paper
        // under uneven light), the peak the largest rise above it. Everything is computed from the stored pixels, so
        // no oriented copy of a possibly large image is made.
        int height = image.Height;
        BackgroundPlane background = BackgroundPlane.FitBorder(pixels, width, height, BorderThickness(width, height), inverted);
        float peak = float.MinValue;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = pixels.AsSpan(y * width, width);
            for (int x = 0; x < row.Length; x++)
            {
                peak = Math.Max(peak, (inverted ? 1f - row[x] : row[x]) - background.At(x, y));
            }
        }

        if (peak < MinContrast)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, "The image is blank: no digit stands out from the background.");
        }

        float scale = 1f / peak;

        // Bounding box of the ink: level >= InkThreshold.
        int left = width, top = height, right = -1, bottom = -1;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = pixels.AsSpan(y * width, width);
            int first = -1, last = -1;
            for (int x = 0; x < row.Length; x++)
            {
                if (((inverted ? 1f - row[x] : row[x]) - background.At(x, y)) * scale >= InkThreshold)
                {
                    first = first < 0 ? x : first;
                    last = x;
                }
            }

            if (first >= 0)
            {
                (left, right) = (Math.Min(left, first), Math.Max(right, last));
                (top, bottom) = (Math.Min(top, y), y);
            }
        }

        // The peak pixel reaches level 1, so only pixels that are not numbers can leave the box empty.
        if (right < 0)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, "The image holds no measurable ink.");
        }

        // Crop and level in one pass.
        int boxWidth = right - left + 1;
        int boxHeight = bottom - top + 1;
        var crop = new float[boxWidth * boxHeight];
        for (int y = 0; y < boxHeight; y++)
        {
            ReadOnlySpan<float> source = pixels.AsSpan(((top + y) * width) + left, boxWidth);
            Span<float> target = crop.AsSpan(y * boxWidth, boxWidth);
            for (int x = 0; x < boxWidth; x++)
            {
                float oriented = inverted ? 1f - source[x] : source[x];
                target[x] = Math.Clamp((oriented - background.At(left + x, top + y)) * scale, 0f, 1f);
            }
        }

        float fitScale = (float)DigitBox / Math.Max(boxWidth, boxHeight);
        int scaledWidth = Math.Clamp((int)MathF.Round(boxWidth * fitScale), 1, DigitBox);
        int scaledHeight = Math.Clamp((int)MathF.Round(boxHeight * fitScale), 1, DigitBox);
        GrayImage digit = ImageResizer.ResizeArea(new GrayImage(boxWidth, boxHeight, crop), scaledWidth, scaledHeight);
        float[] placed = PlaceByMass(digit, out int offsetX, out int offsetY);
        double scaleX = (double)scaledWidth / boxWidth;
        double scaleY = (double)scaledHeight / boxHeight;
        framing = new DigitFraming(scaleX, scaleY, offsetX - (left * scaleX), offsetY - (top * scaleY));
        return placed;
    }

    /// <summary>Copies <paramref name="digit"/> into 28x28, shifted by whole pixels so its centre of mass is at (14, 14).</summary>
    private static float[] PlaceByMass(GrayImage digit, out int offsetX, out int offsetY)
    {
        double mass = 0, sumX = 0, sumY = 0;
        for (int y = 0; y < digit.Height; y++)
        {
            for (int x = 0; x < digit.Width; x++)
            {
                float v = digit.Pixels[(y * digit.Width) + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }

        double centreX = mass > 0 ? sumX / mass : (digit.Width - 1) / 2.0;
        double centreY = mass > 0 ? sumY / mass : (digit.Height - 1) / 2.0;
        offsetX = (int)Math.Round(MassCentre - centreX, MidpointRounding.AwayFromZero);
        offsetY = (int)Math.Round(MassCentre - centreY, MidpointRounding.AwayFromZero);

        var result = new float[Size * Size];
        for (int y = 0; y < digit.Height; y++)
        {
            int ty = y + offsetY;
            if (ty is < 0 or >= Size)
            {
                continue;
            }

            for (int x = 0; x < digit.Width; x++)
            {
                int tx = x + offsetX;
                if (tx is >= 0 and < Size)
                {
                    result[(ty * Size) + tx] = Math.Clamp(digit.Pixels[(y * digit.Width) + x], 0f, 1f);
                }
            }
        }

        return result;
    }

    /// <summary>Brightest minus darkest pixel (values that are not numbers ignored; 0 when there are none).</summary>
    private static float Contrast(ReadOnlySpan<float> pixels)
    {
        float low = float.MaxValue, high = float.MinValue;
        foreach (float v in pixels)
        {
            if (!float.IsNaN(v))
            {
                (low, high) = (Math.Min(low, v), Math.Max(high, v));
            }
        }

        return high >= low ? high - low : 0f;
    }

    /// <summary>The border frame is about a 28th of the shorter side thick (at least one pixel).</summary>
    private static int BorderThickness(int width, int height) => Math.Max(1, Math.Min(width, height) / Size);

    /// <summary>
    /// Whether the digit is dark ink on a lighter background (a photo or scan of paper) rather than light ink on a
    /// darker one (MNIST). The border shows the background, noise included: the ink is what lies outside the border's
    /// range (its 1st to 99th percentile), so the pixels brighter than that range are counted against the pixels darker
    /// than it. Noise that spreads the background both ways stays inside the range; a noisy MNIST digit whose background
    /// uniform noise 0.9 lifted to about 0.45 keeps its white strokes (above the range), where the border's mean crossed
    /// 0.5 for about 7% of those test digits and inverted them. When neither side holds 1% of the pixels, or they tie
    /// (salt-and-pepper fills both ends of the border's range), the border's median decides: light paper above 0.5.
    /// </summary>
    private static bool InkIsDarkerThanBackground(float[] pixels, int width, int height)
    {
        int thickness = BorderThickness(width, height);
        int count = 2 * thickness >= width || 2 * thickness >= height
            ? width * height
            : (2 * thickness * width) + (2 * thickness * (height - (2 * thickness)));
        float[]? rented = count > 1024 ? ArrayPool<float>.Shared.Rent(count) : null;
        try
        {
            Span<float> border = rented is null ? stackalloc float[count] : rented.AsSpan(0, count);
            CopyBorder(pixels, width, height, thickness, border);

            // The three levels a sort of the border would hold at the 50th, 1st and 99th percentile.
            float median = OrderStatistics.Select(border, count / 2);
            float low = OrderStatistics.Select(border, (count - 1) / 100);
            float high = OrderStatistics.Select(border, (int)((count - 1) * 99L / 100));
            int brighter = 0, darker = 0;
            foreach (float v in pixels)
            {
                if (v > high)
                {
                    brighter++;
                }
                else if (v < low)
                {
                    darker++;
                }
            }

            bool decisive = Math.Max(brighter, darker) >= Math.Max(1, pixels.Length / 100) && brighter != darker;
            return decisive ? darker > brighter : median > 0.5f;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The frame of <paramref name="thickness"/> pixels around the image, row by row, into <paramref name="border"/>.</summary>
    private static void CopyBorder(float[] pixels, int width, int height, int thickness, Span<float> border)
    {
        int at = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = pixels.AsSpan(y * width, width);
            if (y < thickness || y >= height - thickness || 2 * thickness >= width)
            {
                row.CopyTo(border[at..]);
                at += width;
            }
            else
            {
                row[..thickness].CopyTo(border[at..]);
                row[^thickness..].CopyTo(border[(at + thickness)..]);
                at += 2 * thickness;
            }
        }
    }
}
