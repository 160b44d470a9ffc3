using System.Buffers.Binary;

namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// The EXIF orientation tag (0x0112) that cameras and phones write instead of rotating the pixels, and the transform
/// that shows the image upright. Values 1-8 as TIFF 6.0 defines them; anything unreadable counts as 1 (as stored).
/// </summary>
internal static class ExifOrientation
{
    public const int Normal = 1;

    /// <summary>Reads the orientation from an APP1 payload ("Exif\0\0" + TIFF structure); 1 when absent or invalid.</summary>
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 14 || !app1.StartsWith("Exif\0\0"u8))
        {
            return Normal;
        }

        ReadOnlySpan<byte> tiff = app1[6..];
        bool little;
        if (tiff.StartsWith("II*\0"u8))
        {
            little = true;
        }
        else if (tiff.StartsWith("MM\0*"u8))
        {
            little = false;
        }
        else
        {
            return Normal;
        }

        uint ifd = Read32(tiff, 4, little);
        if (ifd > (uint)tiff.Length - 2 || ifd < 8)
        {
            return Normal;
        }

        int entries = Read16(tiff, (int)ifd, little);
        for (int i = 0; i < entries; i++)
        {
            int entry = (int)ifd + 2 + (12 * i);
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            if (Read16(tiff, entry, little) == 0x0112 && Read16(tiff, entry + 2, little) == 3)
            {
                int value = Read16(tiff, entry + 8, little);
                return value is >= 1 and <= 8 ? value : Normal;
            }
        }

        return Normal;
    }

    /// <summary>True when the orientation swaps width and height (the 90- and 270-degree cases).</summary>
    public static bool SwapsAxes(int orientation) => orientation >= 5;

    /// <summary>Returns the image as it should be displayed.</summary>
    public static GrayImage Apply(GrayImage stored, int orientation)
    {
        if (orientation is <= Normal or > 8)
        {
            return stored;
        }

        int w = stored.Width, h = stored.Height;
        int outWidth = SwapsAxes(orientation) ? h : w;
        int outHeight = SwapsAxes(orientation) ? w : h;
        var result = new float[stored.Pixels.Length];
        ReadOnlySpan<float> source = stored.Pixels;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                (int tx, int ty) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (h - 1 - y, x),
                    7 => (h - 1 - y, w - 1 - x),
                    _ => (y, w - 1 - x),
                };
                result[(ty * outWidth) + tx] = source[(y * w) + x];
            }
        }

        return new GrayImage(outWidth, outHeight, result);
    }

    private static int Read16(ReadOnlySpan<byte> data, int offset, bool little) =>
        offset < 0 || offset + 2 > data.Length ? 0
        : little ? BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    private static uint Read32(ReadOnlySpan<byte> data, int offset, bool little) =>
        offset + 4 > data.Length ? uint.MaxValue
        : little ? BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
}
