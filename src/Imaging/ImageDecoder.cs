using DenoiseApi.Imaging.Bmp;
using DenoiseApi.Imaging.Jpeg;
using DenoiseApi.Imaging.Png;
using DenoiseApi.Imaging.Pnm;

namespace DenoiseApi.Imaging;

/// <summary>
/// Entry point for reading uploaded images: sniffs the format from the leading bytes, reads the header, checks the
/// limits and decodes to luma. Every failure is an <see cref="ImageDecodeException"/>.
/// </summary>
public static class ImageDecoder
{
    private static readonly ImageFormat[] Supported = [ImageFormat.Png, ImageFormat.Jpeg, ImageFormat.Bmp, ImageFormat.Pnm];

    /// <summary>The formats <see cref="DecodeGray"/> accepts.</summary>
    public static IReadOnlyList<ImageFormat> SupportedFormats { get; } = Array.AsReadOnly(Supported);

    /// <summary>Reads format, size and pixel layout from the header only.</summary>
    public static ImageInfo Probe(ReadOnlySpan<byte> data) => Sniff(data) switch
    {
        ImageFormat.Png => PngDecoder.Probe(data),
        ImageFormat.Jpeg => JpegDecoder.Probe(data),
        ImageFormat.Bmp => BmpDecoder.Probe(data),
        ImageFormat.Pnm => PnmDecoder.Probe(data),
        ImageFormat other => throw Unsupported(other),
    };

    /// <summary>Decodes to luma in [0, 1]; the size is checked against <paramref name="limits"/> before pixels are decoded.</summary>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Sniff(data) switch
        {
            ImageFormat.Png => PngDecoder.Decode(data, limits),
            ImageFormat.Jpeg => JpegDecoder.Decode(data, limits),
            ImageFormat.Bmp => BmpDecoder.Decode(data, limits),
            ImageFormat.Pnm => PnmDecoder.Decode(data, limits),
            ImageFormat other => throw Unsupported(other),
        };
    }

    /// <summary>Decodes with <see cref="ImageLimits.Default"/>.</summary>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data) => DecodeGray(data, ImageLimits.Default);

    private static ImageFormat Sniff(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw ImageDecodeException.Malformed("No image data.");
        }

        if (PngDecoder.IsPng(data))
        {
            return ImageFormat.Png;
        }

        if (BmpHeader.IsBmp(data))
        {
            return ImageFormat.Bmp;
        }

        if (PnmDecoder.IsPnm(data))
        {
            return ImageFormat.Pnm;
        }

        if (JpegDecoder.IsJpeg(data))
        {
            return ImageFormat.Jpeg;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        if (data.StartsWith("GIF8"u8) || data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
        {
            throw ImageDecodeException.Unsupported($"GIF and TIFF images are not supported; send one of: {string.Join(", ", Supported)}.");
        }

        throw ImageDecodeException.Malformed("The data is not a recognised image.");
    }

    private static ImageDecodeException Unsupported(ImageFormat format) =>
        ImageDecodeException.Unsupported($"{format} images are not supported; send one of: {string.Join(", ", Supported)}.");
}
