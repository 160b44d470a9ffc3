namespace DenoiseApi.Imaging.Png;

/// <summary>The IHDR chunk of a PNG file, validated.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    public int Channels => ColorType switch
    {
        PngColorType.Gray => 1,
        PngColorType.Rgb => 3,
        PngColorType.Palette => 1,
        PngColorType.GrayAlpha => 2,
        _ => 4,
    };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>Distance in bytes to the corresponding byte of the previous pixel, for the Sub/Average/Paeth filters.</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes of one scanline of <paramref name="width"/> pixels, without the filter-type byte.</summary>
    public long RowBytes(int width) => (((long)width * BitsPerPixel) + 7) / 8;

    /// <summary>Parses the 13 bytes of IHDR; throws for any combination the PNG specification forbids.</summary>
    public static PngHeader Parse(ReadOnlySpan<byte> ihdr)
    {
        if (ihdr.Length != 13)
        {
            throw ImageDecodeException.Malformed("PNG IHDR chunk must be 13 bytes long.");
        }

        uint width = Decoding.BigEndian.ReadUInt32(ihdr, 0);
        uint height = Decoding.BigEndian.ReadUInt32(ihdr, 4);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw ImageDecodeException.Malformed($"PNG size {width}x{height} is invalid.");
        }

        int bitDepth = ihdr[8];
        var colorType = (PngColorType)ihdr[9];
        bool valid = colorType switch
        {
            PngColorType.Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
            PngColorType.Palette => bitDepth is 1 or 2 or 4 or 8,
            PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => bitDepth is 8 or 16,
            _ => false,
        };
        if (!valid)
        {
            throw ImageDecodeException.Malformed($"PNG colour type {ihdr[9]} with bit depth {bitDepth} is invalid.");
        }

        if (ihdr[10] != 0 || ihdr[11] != 0)
        {
            throw ImageDecodeException.Malformed("PNG compression or filter method is unknown.");
        }

        if (ihdr[12] > 1)
        {
            throw ImageDecodeException.Malformed($"PNG interlace method {ihdr[12]} is unknown.");
        }

        return new PngHeader((int)width, (int)height, bitDepth, colorType, ihdr[12] == 1);
    }
}

/// <summary>PNG colour types (IHDR byte 9).</summary>
internal enum PngColorType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}
