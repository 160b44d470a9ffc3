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

    /// <summary>
    /// The samples are 8-bit gray with no transparency (a PNG of colour type 0, depth 8, without tRNS): such an image
    /// decodes straight into ImageSharp's one-byte <c>L8</c> pixels instead of four-byte RGBA ones.
    /// </summary>
    internal bool IsOpaqueGray8 { get; init; }

    /// <summary>Two infos are equal when what they say about the image (format, size, bits per pixel) is.</summary>
    public bool Equals(ImageInfo? other) =>
        other is not null && Format == other.Format && Width == other.Width && Height == other.Height && BitsPerPixel == other.BitsPerPixel;

    public override int GetHashCode() => HashCode.Combine(Format, Width, Height, BitsPerPixel);
}
