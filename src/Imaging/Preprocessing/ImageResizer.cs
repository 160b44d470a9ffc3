using DenoiseApi.Imaging.Preprocessing;

namespace DenoiseApi.Imaging;

/// <summary>Separable resampling: area averaging along an axis that shrinks, bilinear along an axis that grows.</summary>
public static class ImageResizer
{
    /// <summary>Resizes to <paramref name="width"/> x <paramref name="height"/>; the mean brightness is preserved when shrinking.</summary>
    public static GrayImage ResizeArea(GrayImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (source.Width == 0 || source.Height == 0)
        {
            throw new ArgumentException("Cannot resize an image without pixels.", nameof(source));
        }

        if (source.Width == width && source.Height == height)
        {
            return new GrayImage(width, height, (float[])source.Pixels.Clone());
        }

        // Horizontal pass into a width x source.Height buffer, then vertical pass into the result.
        float[] horizontal = ResizeRows(source.Pixels, source.Width, source.Height, width);
        var result = new float[width * height];
        AxisWeights vertical = AxisWeights.Create(source.Height, height);
        for (int y = 0; y < height; y++)
        {
            Span<float> target = result.AsSpan(y * width, width);
            int start = vertical.Start[y];
            for (int k = 0; k < vertical.Taps; k++)
            {
                float w = vertical.Weights[(y * vertical.Taps) + k];
                if (w == 0f)
                {
                    continue;
                }

                ReadOnlySpan<float> row = horizontal.AsSpan((start + k) * width, width);
                for (int x = 0; x < width; x++)
                {
                    target[x] += w * row[x];
                }
            }
        }

        return new GrayImage(width, height, result);
    }

    private static float[] ResizeRows(float[] pixels, int sourceWidth, int rows, int width)
    {
        if (sourceWidth == width)
        {
            return pixels;
        }

        AxisWeights weights = AxisWeights.Create(sourceWidth, width);
        var result = new float[width * rows];
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<float> row = pixels.AsSpan(y * sourceWidth, sourceWidth);
            Span<float> target = result.AsSpan(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int start = weights.Start[x];
                float sum = 0f;
                for (int k = 0; k < weights.Taps; k++)
                {
                    float w = weights.Weights[(x * weights.Taps) + k];
                    if (w != 0f)
                    {
                        sum += w * row[start + k];
                    }
                }

                target[x] = sum;
            }
        }

        return result;
    }
}
