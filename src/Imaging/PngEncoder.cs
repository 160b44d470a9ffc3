using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace DenoiseApi.Imaging;

/// <summary>
/// Writes 8-bit grayscale PNGs with ImageSharp's encoder at its fastest compression level, without metadata chunks.
/// Small images (up to 64x64, such as 28x28 digits) are stored unfiltered, larger ones with the adaptive per-row
/// filter: on MNIST digits unfiltered streams are smaller, on photo-sized images the filters win.
/// </summary>
public static class PngEncoder
{
    private const int SmallImagePixels = 64 * 64;

    /// <summary>PNG only, working in <see cref="EncoderBuffers"/>.</summary>
    private static readonly Configuration Encoding = new(new PngConfigurationModule())
    {
        MaxDegreeOfParallelism = 1,
        MemoryAllocator = EncoderBuffers.Instance,
    };

    private static readonly SixLabors.ImageSharp.Formats.Png.PngEncoder Small = Create(PngFilterMethod.None);

    private static readonly SixLabors.ImageSharp.Formats.Png.PngEncoder Large = Create(PngFilterMethod.Adaptive);

    /// <summary>Encodes <paramref name="pixels"/> (row-major luma, clamped to [0, 1], NaN as 0) as an 8-bit grayscale PNG.</summary>
    public static byte[] EncodeGray8(ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"Expected {(long)width * height} pixels for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        }

        var levels = new L8[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            float v = pixels[i];
            levels[i] = new L8(float.IsNaN(v) ? (byte)0 : (byte)((Math.Clamp(v, 0f, 1f) * 255f) + 0.5f));
        }

        using Image<L8> image = Image.WrapMemory<L8>(Encoding, levels.AsMemory(), width, height);
        using var stream = new MemoryStream(128 + (pixels.Length / 2));
        image.Save(stream, pixels.Length <= SmallImagePixels ? Small : Large);
        return stream.ToArray();
    }

    private static SixLabors.ImageSharp.Formats.Png.PngEncoder Create(PngFilterMethod filter) => new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestSpeed,
        FilterMethod = filter,
        ChunkFilter = PngChunkFilter.ExcludeAll,
        IgnoreMetadata = true,
    };
}
