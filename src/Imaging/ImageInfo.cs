namespace DenoiseApi.Imaging;

/// <summary>What the header of an image says, read without decoding any pixel.</summary>
/// <param name="Format">The format read from the bytes.</param>
/// <param name="Width">Width in pixels, as stored (before EXIF orientation).</param>
/// <param name="Height">Height in pixels, as stored.</param>
/// <param name="BitsPerPixel">Bits per pixel of the stored samples (a 16-bit gray PNG: 16, 8-bit RGBA: 32).</param>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height, int BitsPerPixel)
{
    /// <summary>Pixels the decoded image holds: only the first frame of an animation is decoded.</summary>
    public long Pixels => (long)Width * Height;
}
