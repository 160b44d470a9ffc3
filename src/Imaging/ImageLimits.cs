namespace DenoiseApi.Imaging;

/// <summary>Upper bounds checked against the header before any pixel is decoded.</summary>
/// <param name="MaxPixels">Largest accepted width x height.</param>
/// <param name="MaxDimension">Largest accepted width or height.</param>
public sealed record ImageLimits(long MaxPixels = 16_000_000, int MaxDimension = 16_384)
{
    /// <summary>The defaults: 16 megapixels, 16,384 pixels a side.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>Throws <see cref="ImageErrorKind.TooLarge"/> when the given size exceeds these limits.</summary>
    public void Check(int width, int height)
    {
        if (width > MaxDimension || height > MaxDimension)
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge,
                $"Image is {width}x{height} pixels; the largest accepted side is {MaxDimension}.");
        }

        if ((long)width * height > MaxPixels)
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge,
                $"Image is {width}x{height} = {(long)width * height} pixels; at most {MaxPixels} are accepted.");
        }
    }
}
