namespace DenoiseApi.Imaging;

/// <summary>Upper bounds checked against the header before any pixel is decoded.</summary>
/// <param name="MaxPixels">Largest accepted width x height.</param>
/// <param name="MaxDimension">Largest accepted width or height.</param>
public sealed record ImageLimits(long MaxPixels = 16_000_000, int MaxDimension = 16_384)
{
    /// <summary>The defaults: 16 megapixels, 16,384 pixels a side.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>
    /// The decoder's own ceiling whatever the configuration says: 2^27 pixels (a 512 MiB RGBA buffer, ImageSharp's
    /// allocation limit, plus as much again of luma) and 2^20 pixels a side, so that no buffer size computed from a header
    /// can overflow.
    /// </summary>
    public const long CeilingPixels = 1L << 27;

    /// <summary>See <see cref="CeilingPixels"/>.</summary>
    public const int CeilingDimension = 1 << 20;

    /// <summary>Throws <see cref="ImageErrorKind.TooLarge"/> when the given size exceeds these limits or the ceiling.</summary>
    public void Check(int width, int height)
    {
        if (width > Math.Min(MaxDimension, CeilingDimension) || height > Math.Min(MaxDimension, CeilingDimension))
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge,
                $"Image is {width}x{height} pixels; the largest accepted side is {Math.Min(MaxDimension, CeilingDimension)}.");
        }

        if ((long)width * height > Math.Min(MaxPixels, CeilingPixels))
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge,
                $"Image is {width}x{height} = {(long)width * height} pixels; at most {Math.Min(MaxPixels, CeilingPixels)} are accepted.");
        }
    }
}
