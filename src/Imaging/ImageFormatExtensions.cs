namespace DenoiseApi.Imaging;

/// <summary>Names of the formats as HTTP and OpenAPI documents spell them.</summary>
public static class ImageFormatExtensions
{
    /// <summary>The IANA (or customary) media type of the format, e.g. <c>image/png</c>.</summary>
    public static string MediaType(this ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Bmp => "image/bmp",
        ImageFormat.Gif => "image/gif",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Pnm => "image/x-portable-anymap",
        ImageFormat.Tga => "image/x-tga",
        _ => "application/octet-stream",
    };
}
