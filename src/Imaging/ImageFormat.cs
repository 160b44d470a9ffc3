namespace DenoiseApi.Imaging;

/// <summary>The image formats uploads are accepted in; the format is always read from the bytes.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Bmp,
    Gif,
    WebP,
    Pnm,
    Tga,
}
