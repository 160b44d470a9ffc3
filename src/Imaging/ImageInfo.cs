namespace DenoiseApi.Imaging;

/// <summary>What the header of an image says, read without decoding any pixel.</summary>
/// <param name="Format">The format sniffed from the bytes.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="HasAlpha">True when the image carries transparency (alpha channel or PNG tRNS).</param>
/// <param name="BitDepth">Bits per sample (1, 2, 4, 8 or 16; BMP reports bits per pixel).</param>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height, bool HasAlpha, int BitDepth);
