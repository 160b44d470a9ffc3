namespace DenoiseApi.Imaging;

/// <summary>Image container formats recognised from their leading bytes.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Bmp,
    Pnm,
    WebP,
}
