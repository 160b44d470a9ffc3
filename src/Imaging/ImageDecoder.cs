using DenoiseApi.Imaging.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DenoiseApi.Imaging;

/// <summary>
/// Entry point for reading uploaded images through ImageSharp and <see cref="AcceptedFormats"/>: the format is read from
/// the bytes, the header is identified and checked against the limits before any pixel buffer exists, and the image is
/// decoded, turned upright (EXIF orientation) and converted to luma. Every failure is an <see cref="ImageDecodeException"/>.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The formats <see cref="DecodeGray(byte[], ImageLimits, CancellationToken)"/> accepts.</summary>
    public static IReadOnlyList<ImageFormat> SupportedFormats => AcceptedFormats.All;

    /// <summary>Reads format, size and bits per pixel from the header only; stops when <paramref name="cancellationToken"/> fires.</summary>
    public static ImageInfo Probe(byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        (IImageInfo info, IImageFormat format) = Identify(data, cancellationToken);
        if (info.Width < 0 || info.Height < 0)
        {
            throw ImageDecodeException.Malformed($"The image header states a negative size ({info.Width}x{info.Height}).");
        }

        // Reported as shown: cameras store 90-degree rotations as an EXIF orientation of 5 to 8.
        bool swapsAxes = info.Metadata?.ExifProfile?.GetValue(ExifTag.Orientation)?.Value is >= 5 and <= 8;
        PngMetadata? png = format is PngFormat ? info.Metadata?.GetPngMetadata() : null;
        return new ImageInfo(
            AcceptedFormats.Of(format),
            swapsAxes ? info.Height : info.Width,
            swapsAxes ? info.Width : info.Height,
            info.PixelType?.BitsPerPixel ?? 0)
        {
            IsOpaqueGray8 = png is { ColorType: PngColorType.Grayscale, BitDepth: PngBitDepth.Bit8, HasTransparency: false },
        };
    }

    /// <summary>
    /// Decodes to luma in [0, 1] (BT.601 weights, transparent pixels flattened onto the background that keeps the digit
    /// visible). The size is checked against <paramref name="limits"/> before pixels are decoded; the decoders stop
    /// when <paramref name="cancellationToken"/> fires (an <see cref="OperationCanceledException"/>).
    /// </summary>
    public static GrayImage DecodeGray(byte[] data, ImageLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return DecodeGray(data, Probe(data, cancellationToken), limits, cancellationToken);
    }

    /// <summary>
    /// As <see cref="DecodeGray(byte[], ImageLimits, CancellationToken)"/> for an image the caller has already probed
    /// (<paramref name="info"/> must be <see cref="Probe"/>'s answer for these bytes), so the header is parsed once.
    /// </summary>
    public static GrayImage DecodeGray(byte[] data, ImageInfo info, ImageLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(limits);
        if (info.Width == 0 || info.Height == 0)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, $"The image is {info.Width}x{info.Height} pixels: it has no pixels.");
        }

        limits.Check(info.Width, info.Height);
        FormatGuards.CheckBeforeDecoding(data, info.Format);
        byte[] source = InterlacedPngRepacker.IsInterlaced(data) ? InterlacedPngRepacker.Repack(data, cancellationToken) : data;
        IImageDecoder decoder = AcceptedFormats.Configuration.ImageFormatsManager.FindDecoder(AcceptedFormats.ToImageSharp(info.Format));

        // 16-bit samples keep their precision; opaque 8-bit gray decodes to one byte per pixel; everything else to 8
        // bits per channel.
        if (info.IsOpaqueGray8)
        {
            return Decode<L8>(source, info, decoder, cancellationToken);
        }

        return info.BitsPerPixel > 32 || (info.BitsPerPixel == 16 && info.Format is ImageFormat.Png or ImageFormat.Pnm)
            ? Decode<Rgba64>(source, info, decoder, cancellationToken)
            : Decode<Rgba32>(source, info, decoder, cancellationToken);
    }

    /// <summary>Decodes with <see cref="ImageLimits.Default"/>.</summary>
    public static GrayImage DecodeGray(byte[] data) => DecodeGray(data, ImageLimits.Default);

    private static GrayImage Decode<TPixel>(byte[] data, ImageInfo info, IImageDecoder decoder, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            using var stream = new GuardedReadStream(data, cancellationToken);
            using Image<TPixel> image = decoder.Decode<TPixel>(AcceptedFormats.Configuration, stream, cancellationToken);
            if (image is Image<Rgba64> wide && FormatGuards.HasSwappedPpmSamples(data, info.Format))
            {
                FormatGuards.SwapSampleBytes(wide);
            }

            if (NeedsTurning(image))
            {
                image.Mutate(x => x.AutoOrient());
            }

            return image is Image<L8> gray ? LumaPlane.FromGray(gray) : LumaPlane.From(image);
        }
        catch (Exception e) when (DecoderFailure.Describe(e, info.Format) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Whether the image's EXIF orientation (2 to 8) asks for a flip or turn; 1 and none leave it as stored. Checked
    /// before <c>Mutate</c>, whose processing context costs about 2 us and 2 KB per image even when there is nothing to do.
    /// </summary>
    private static bool NeedsTurning(Image image) =>
        image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value is >= 2 and <= 8;

    private static (IImageInfo Info, IImageFormat Format) Identify(byte[] data, CancellationToken cancellationToken)
    {
        if (data.Length == 0)
        {
            throw ImageDecodeException.Malformed("No image data.");
        }

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            using var stream = new GuardedReadStream(data, cancellationToken);
            info = Image.Identify(AcceptedFormats.Configuration, stream, out format);
        }
        catch (Exception e) when (DecoderFailure.Describe(e, null) is { } failure)
        {
            throw failure;
        }

        if (info is null || format is null)
        {
            throw DecoderFailure.NotAnAcceptedImage(data);
        }

        return (info, format);
    }
}
