using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// Where ImageSharp 2.1.13 decodes an accepted format wrongly or at an unbounded cost, checked from the bytes before
/// decoding (or repaired right after it), each found by this project's tests or fuzzing:
/// <list type="bullet">
/// <item>RLE-compressed BMPs come out with rows misplaced (the corpus's ImageMagick RLE8 file shows a broken digit): they
/// stay refused as before.</item>
/// <item>A JPEG may repeat its scan header thousands of times; each scan walks every block of the frame, so a small file
/// costs minutes of CPU. Real progressive files have about ten scans.</item>
/// <item>16-bit binary colour PPMs (P6, maxval over 255) have their samples read in the wrong byte order.</item>
/// </list>
/// </summary>
internal static class FormatGuards
{
    /// <summary>Most scans (SOS segments) a JPEG may have.</summary>
    public const int MaxJpegScans = 100;

    /// <summary>Throws when <paramref name="data"/> of <paramref name="format"/> must not reach the decoder.</summary>
    public static void CheckBeforeDecoding(ReadOnlySpan<byte> data, ImageFormat format)
    {
        if (format == ImageFormat.Bmp && data.Length >= 34 && BinaryPrimitives.ReadUInt32LittleEndian(data[30..]) is 1 or 2)
        {
            throw ImageDecodeException.Unsupported("Run-length encoded (RLE) BMP images are not supported; send an uncompressed BMP or a PNG.");
        }

        if (format == ImageFormat.Jpeg && CountJpegScans(data) is > MaxJpegScans and var scans)
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge, $"The JPEG image has {scans} scans; at most {MaxJpegScans} are accepted.");
        }
    }

    /// <summary>
    /// True when the image is a binary colour PPM decoded at 16 bits (ImageSharp identifies a 16-bit PPM as 16 bits per
    /// pixel, an 8-bit one as 24), whose samples it read little-endian.
    /// </summary>
    public static bool HasSwappedPpmSamples(ReadOnlySpan<byte> data, ImageFormat format) =>
        format == ImageFormat.Pnm && data.StartsWith("P6"u8);

    /// <summary>Puts the colour samples of a 16-bit PPM back in the big-endian order the format defines.</summary>
    public static void SwapSampleBytes(Image<Rgba64> image) => image.ProcessPixelRows(accessor =>
    {
        for (int y = 0; y < accessor.Height; y++)
        {
            foreach (ref Rgba64 pixel in accessor.GetRowSpan(y))
            {
                pixel = new Rgba64(
                    BinaryPrimitives.ReverseEndianness(pixel.R),
                    BinaryPrimitives.ReverseEndianness(pixel.G),
                    BinaryPrimitives.ReverseEndianness(pixel.B),
                    pixel.A);
            }
        }
    });

    /// <summary>Start-of-scan markers: 0xFF 0xDA. Entropy-coded data stuffs every 0xFF with 0x00, so these are real markers.</summary>
    private static int CountJpegScans(ReadOnlySpan<byte> data)
    {
        int scans = 0;
        for (int at = data.IndexOf((byte)0xFF); at >= 0 && at + 1 < data.Length; )
        {
            if (data[at + 1] == 0xDA)
            {
                scans++;
            }

            int next = data[(at + 1)..].IndexOf((byte)0xFF);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return scans;
    }
}
