using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;

namespace DenoiseApi.Imaging;

/// <summary>
/// The ImageSharp <see cref="Configuration"/> every upload is read through: it registers exactly the accepted formats
/// (so TIFF, whose decoder has a record of flaws, is never even detected), decodes only the first frame of a GIF,
/// runs each image's processing on one thread (the service caps how many images decode at once), and limits any one
/// buffer so that no header can make the library allocate without bound.
/// </summary>
public static class AcceptedFormats
{
    /// <summary>Largest single buffer the decoders may ask for (ImageSharp refuses larger ones).</summary>
    public const int AllocationLimitMegabytes = 512;

    /// <summary>Memory ImageSharp may keep pooled between decodes.</summary>
    public const int PoolMegabytes = 32;

    /// <summary>The configuration; shared and thread-safe.</summary>
    public static Configuration Configuration { get; } = Create();

    /// <summary>Every accepted format.</summary>
    public static IReadOnlyList<ImageFormat> All { get; } = Array.AsReadOnly(Enum.GetValues<ImageFormat>());

    /// <summary>Our name of an ImageSharp format registered in <see cref="Configuration"/>.</summary>
    internal static ImageFormat Of(IImageFormat format) => format switch
    {
        PngFormat => ImageFormat.Png,
        JpegFormat => ImageFormat.Jpeg,
        BmpFormat => ImageFormat.Bmp,
        GifFormat => ImageFormat.Gif,
        WebpFormat => ImageFormat.WebP,
        PbmFormat => ImageFormat.Pnm,
        TgaFormat => ImageFormat.Tga,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format.Name, "Not an accepted format."),
    };

    /// <summary>The ImageSharp format of one of ours.</summary>
    internal static IImageFormat ToImageSharp(ImageFormat format) => format switch
    {
        ImageFormat.Png => PngFormat.Instance,
        ImageFormat.Jpeg => JpegFormat.Instance,
        ImageFormat.Bmp => BmpFormat.Instance,
        ImageFormat.Gif => GifFormat.Instance,
        ImageFormat.WebP => WebpFormat.Instance,
        ImageFormat.Pnm => PbmFormat.Instance,
        ImageFormat.Tga => TgaFormat.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an accepted format."),
    };

    private static Configuration Create()
    {
        var configuration = new Configuration(
            new PngConfigurationModule(),
            new JpegConfigurationModule(),
            new BmpConfigurationModule(),
            new GifConfigurationModule(),
            new WebpConfigurationModule(),
            new PbmConfigurationModule(),
            new TgaConfigurationModule())
        {
            MaxDegreeOfParallelism = 1,
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                MaximumPoolSizeMegabytes = PoolMegabytes,
                AllocationLimitMegabytes = AllocationLimitMegabytes,
            }),
        };
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
