using System.Buffers.Binary;
using System.Numerics;
using DenoiseApi.Imaging.Decoding;

namespace DenoiseApi.Imaging.Bmp;

/// <summary>
/// Uncompressed Windows bitmaps: 1/4/8-bit palette, 16-bit (5-5-5 or bit fields), 24-bit and 32-bit (with an alpha
/// channel when the header declares an alpha mask), stored bottom-up (the usual) or top-down (negative height).
/// </summary>
internal static class BmpDecoder
{
    public static ImageInfo Probe(ReadOnlySpan<byte> data)
    {
        BmpHeader header = BmpHeader.Parse(data);
        return new ImageInfo(ImageFormat.Bmp, header.Width, header.Height, header.AlphaMask != 0, header.BitsPerPixel);
    }

    public static GrayImage Decode(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        BmpHeader header = BmpHeader.Parse(data);
        if (header.Width == 0 || header.Height == 0)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, $"The image is {header.Width}x{header.Height} pixels.");
        }

        limits.Check(header.Width, header.Height);
        long stride = header.Stride;
        if (header.PixelOffset + (stride * header.Height) > data.Length)
        {
            throw ImageDecodeException.Malformed("BMP pixel data ends early.");
        }

        int width = header.Width;
        var luma = new float[(long)width * header.Height];
        float[]? alpha = header.AlphaMask != 0 ? new float[luma.Length] : null;
        Span<float> palette = stackalloc float[256];
        if (header.BitsPerPixel <= 8)
        {
            ReadPalette(data, header, palette);
        }

        var fields = new BitFields(header);
        for (int row = 0; row < header.Height; row++)
        {
            int y = header.TopDown ? row : header.Height - 1 - row;
            ReadOnlySpan<byte> line = data.Slice(header.PixelOffset + (int)(row * stride), (int)stride);
            Span<float> target = luma.AsSpan(y * width, width);
            Span<float> targetAlpha = alpha is null ? default : alpha.AsSpan(y * width, width);
            switch (header.BitsPerPixel)
            {
                case 24:
                    for (int x = 0; x < width; x++)
                    {
                        target[x] = Luma.FromRgb8(line[(3 * x) + 2], line[(3 * x) + 1], line[3 * x]);
                    }

                    break;
                case 16 or 32:
                    for (int x = 0; x < width; x++)
                    {
                        uint pixel = header.BitsPerPixel == 16
                            ? BinaryPrimitives.ReadUInt16LittleEndian(line[(2 * x)..])
                            : BinaryPrimitives.ReadUInt32LittleEndian(line[(4 * x)..]);
                        target[x] = fields.Luma(pixel);
                        if (alpha is not null)
                        {
                            targetAlpha[x] = fields.Alpha(pixel);
                        }
                    }

                    break;
                default:
                    int depth = header.BitsPerPixel;
                    for (int x = 0; x < width; x++)
                    {
                        int bit = x * depth;
                        int index = (line[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
                        target[x] = palette[index];
                    }

                    break;
            }
        }

        // An alpha mask over an all-zero alpha channel is a writer that never filled it in: treat as opaque.
        if (alpha is not null && alpha.AsSpan().ContainsAnyExcept(0f))
        {
            AlphaCompositor.Composite(luma, alpha);
        }

        return new GrayImage(width, header.Height, luma);
    }

    /// <summary>Palette entries as luma; indices past the stored palette read as black.</summary>
    private static void ReadPalette(ReadOnlySpan<byte> data, BmpHeader header, Span<float> palette)
    {
        palette.Clear();
        for (int i = 0; i < header.PaletteEntries; i++)
        {
            ReadOnlySpan<byte> entry = data.Slice(header.PaletteOffset + (i * header.PaletteEntrySize), 3);
            palette[i] = Luma.FromRgb8(entry[2], entry[1], entry[0]);
        }
    }

    /// <summary>Extracts channels selected by arbitrary contiguous bit masks and scales them to [0, 1].</summary>
    private readonly struct BitFields(BmpHeader header)
    {
        private readonly Channel _red = new(header.RedMask);
        private readonly Channel _green = new(header.GreenMask);
        private readonly Channel _blue = new(header.BlueMask);
        private readonly Channel _alpha = new(header.AlphaMask);

        public float Luma(uint pixel) => Decoding.Luma.FromRgb(_red.Read(pixel), _green.Read(pixel), _blue.Read(pixel));

        public float Alpha(uint pixel) => _alpha.Read(pixel);

        private readonly struct Channel
        {
            private readonly uint _mask;
            private readonly int _shift;
            private readonly float _scale;

            public Channel(uint mask)
            {
                _mask = mask;
                _shift = mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
                uint max = mask >> _shift;
                _scale = max == 0 ? 0f : 1f / max;
            }

            public float Read(uint pixel) => ((pixel & _mask) >> _shift) * _scale;
        }
    }
}
