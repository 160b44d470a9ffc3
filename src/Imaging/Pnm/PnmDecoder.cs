using DenoiseApi.Imaging.Decoding;

namespace DenoiseApi.Imaging.Pnm;

/// <summary>
/// Netpbm decoder: PGM and PPM in ASCII (P2, P3) and binary (P5, P6) form with any maxval up to 65535, and PBM
/// bitmaps (P1, P4, where 1 is black).
/// </summary>
internal static class PnmDecoder
{
    public static bool IsPnm(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == (byte)'P' && data[1] is >= (byte)'1' and <= (byte)'6' && IsWhitespace(data[2]);

    public static ImageInfo Probe(ReadOnlySpan<byte> data)
    {
        PnmHeader header = PnmHeader.Parse(data);
        return new ImageInfo(ImageFormat.Pnm, header.Width, header.Height, false, header.BitDepth);
    }

    public static GrayImage Decode(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        PnmHeader header = PnmHeader.Parse(data);
        if (header.Width == 0 || header.Height == 0)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, $"The image is {header.Width}x{header.Height} pixels.");
        }

        limits.Check(header.Width, header.Height);
        long sampleCount = (long)header.Width * header.Height * header.Channels;
        ReadOnlySpan<byte> body = data[header.DataOffset..];

        // Every sample takes at least one byte (two for 16-bit binary, an eighth for P4): refuse short data before
        // allocating the pixel buffer.
        long minimumBytes = header.Kind switch
        {
            '4' => ((header.Width + 7L) / 8) * header.Height,
            '5' or '6' => sampleCount * (header.MaxValue > 255 ? 2 : 1),
            _ => sampleCount,
        };
        if (body.Length < minimumBytes)
        {
            throw ImageDecodeException.Malformed("PNM pixel data ends early.");
        }

        var luma = new float[(long)header.Width * header.Height];
        float scale = 1f / header.MaxValue;
        switch (header.Kind)
        {
            case '4':
                DecodePackedBits(body, header.Width, header.Height, luma);
                break;
            case '5' or '6':
            {
                int bytesPerSample = header.MaxValue > 255 ? 2 : 1;
                if (body.Length < sampleCount * bytesPerSample)
                {
                    throw ImageDecodeException.Malformed("PNM pixel data ends early.");
                }

                var reader = new BinarySamples(body, bytesPerSample, header.MaxValue);
                Fill(ref reader, header.Channels, scale, luma);
                break;
            }

            default:
            {
                var reader = new AsciiSamples(body, header.MaxValue, header.Kind == '1');
                Fill(ref reader, header.Channels, scale, luma);
                break;
            }
        }

        return new GrayImage(header.Width, header.Height, luma);
    }

    private static void Fill<TReader>(ref TReader reader, int channels, float scale, float[] luma)
        where TReader : struct, ISampleReader, allows ref struct
    {
        for (int i = 0; i < luma.Length; i++)
        {
            if (channels == 1)
            {
                luma[i] = reader.Next() * scale;
            }
            else
            {
                int r = reader.Next();
                int g = reader.Next();
                int b = reader.Next();
                luma[i] = Luma.FromRgb(r * scale, g * scale, b * scale);
            }
        }
    }

    private static void DecodePackedBits(ReadOnlySpan<byte> body, int width, int height, float[] luma)
    {
        int stride = (width + 7) / 8;
        if (body.Length < (long)stride * height)
        {
            throw ImageDecodeException.Malformed("PBM pixel data ends early.");
        }

        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = body.Slice(y * stride, stride);
            for (int x = 0; x < width; x++)
            {
                bool black = ((row[x >> 3] >> (7 - (x & 7))) & 1) != 0;
                luma[(y * width) + x] = black ? 0f : 1f;
            }
        }
    }

    internal static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private interface ISampleReader
    {
        int Next();
    }

    private ref struct BinarySamples(ReadOnlySpan<byte> body, int bytesPerSample, int maxValue) : ISampleReader
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _position;

        public int Next()
        {
            int value = bytesPerSample == 1 ? _body[_position] : (_body[_position] << 8) | _body[_position + 1];
            _position += bytesPerSample;
            return Math.Min(value, maxValue);
        }
    }

    private ref struct AsciiSamples(ReadOnlySpan<byte> body, int maxValue, bool bitmap) : ISampleReader
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _position;

        public int Next()
        {
            SkipSeparators();
            if (_position >= _body.Length)
            {
                throw ImageDecodeException.Malformed("PNM pixel data ends early.");
            }

            if (bitmap)
            {
                // P1 digits need no separators; 1 is black.
                byte bit = _body[_position++];
                return bit switch
                {
                    (byte)'0' => 1,
                    (byte)'1' => 0,
                    _ => throw ImageDecodeException.Malformed("PBM pixel is not 0 or 1."),
                };
            }

            int value = 0;
            int digits = 0;
            while (_position < _body.Length && _body[_position] is >= (byte)'0' and <= (byte)'9')
            {
                value = (value * 10) + (_body[_position++] - '0');
                if (++digits > 5 || value > maxValue)
                {
                    throw ImageDecodeException.Malformed("PNM sample exceeds the maximum value.");
                }
            }

            if (digits == 0)
            {
                throw ImageDecodeException.Malformed("PNM pixel data holds a non-digit.");
            }

            return value;
        }

        private void SkipSeparators()
        {
            while (_position < _body.Length && (IsWhitespace(_body[_position]) || _body[_position] == (byte)'#'))
            {
                if (_body[_position] == (byte)'#')
                {
                    while (_position < _body.Length && _body[_position] != (byte)'\n')
                    {
                        _position++;
                    }
                }
                else
                {
                    _position++;
                }
            }
        }
    }
}
