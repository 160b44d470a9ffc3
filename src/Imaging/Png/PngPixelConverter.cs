using System.Buffers.Binary;
using DenoiseApi.Imaging.Decoding;

namespace DenoiseApi.Imaging.Png;

/// <summary>
/// Turns unfiltered PNG scanlines of any colour type and bit depth into luma (and alpha, when the image has
/// transparency), writing pixel <c>i</c> of a row to <c>start + i * step</c> so Adam7 passes land in place.
/// </summary>
internal sealed class PngPixelConverter
{
    private readonly PngHeader _header;
    private readonly float[] _paletteLuma = [];
    private readonly float[] _paletteAlpha = [];
    private readonly int _transparentGray = -1;
    private readonly int _transparentR = -1;
    private readonly int _transparentG = -1;
    private readonly int _transparentB = -1;

    public PngPixelConverter(PngHeader header, ReadOnlySpan<byte> palette, ReadOnlySpan<byte> transparency)
    {
        _header = header;
        switch (header.ColorType)
        {
            case PngColorType.Palette:
                if (palette.IsEmpty)
                {
                    throw ImageDecodeException.Malformed("PNG palette image without a PLTE chunk.");
                }

                // Indices beyond the palette read as opaque black, as libpng does when it does not reject them.
                _paletteLuma = new float[256];
                _paletteAlpha = new float[256];
                Array.Fill(_paletteAlpha, 1f);
                for (int i = 0; i < palette.Length / 3; i++)
                {
                    _paletteLuma[i] = Luma.FromRgb8(palette[3 * i], palette[(3 * i) + 1], palette[(3 * i) + 2]);
                }

                for (int i = 0; i < Math.Min(transparency.Length, 256); i++)
                {
                    _paletteAlpha[i] = transparency[i] / 255f;
                }

                HasAlpha = !transparency.IsEmpty;
                break;
            case PngColorType.Gray when transparency.Length >= 2:
                _transparentGray = BinaryPrimitives.ReadUInt16BigEndian(transparency);
                HasAlpha = true;
                break;
            case PngColorType.Rgb when transparency.Length >= 6:
                _transparentR = BinaryPrimitives.ReadUInt16BigEndian(transparency);
                _transparentG = BinaryPrimitives.ReadUInt16BigEndian(transparency[2..]);
                _transparentB = BinaryPrimitives.ReadUInt16BigEndian(transparency[4..]);
                HasAlpha = true;
                break;
            case PngColorType.GrayAlpha or PngColorType.Rgba:
                HasAlpha = true;
                break;
        }
    }

    public bool HasAlpha { get; }

    /// <summary>Converts <paramref name="count"/> pixels of one unfiltered scanline (without its filter byte).</summary>
    public void ConvertRow(ReadOnlySpan<byte> row, int count, Span<float> luma, Span<float> alpha, int start, int step)
    {
        int depth = _header.BitDepth;
        switch (_header.ColorType)
        {
            case PngColorType.Gray:
                ConvertGray(row, count, depth, luma, alpha, start, step);
                break;
            case PngColorType.Palette:
                for (int i = 0, o = start; i < count; i++, o += step)
                {
                    int index = depth == 8 ? row[i] : PackedSample(row, i, depth);
                    luma[o] = _paletteLuma[index];
                    if (HasAlpha)
                    {
                        alpha[o] = _paletteAlpha[index];
                    }
                }

                break;
            case PngColorType.Rgb:
                ConvertRgb(row, count, depth, luma, alpha, start, step);
                break;
            case PngColorType.GrayAlpha:
                for (int i = 0, o = start; i < count; i++, o += step)
                {
                    luma[o] = Sample(row, 2 * i, depth);
                    alpha[o] = Sample(row, (2 * i) + 1, depth);
                }

                break;
            default:
                for (int i = 0, o = start; i < count; i++, o += step)
                {
                    luma[o] = Luma.FromRgb(Sample(row, 4 * i, depth), Sample(row, (4 * i) + 1, depth), Sample(row, (4 * i) + 2, depth));
                    alpha[o] = Sample(row, (4 * i) + 3, depth);
                }

                break;
        }
    }

    private void ConvertGray(ReadOnlySpan<byte> row, int count, int depth, Span<float> luma, Span<float> alpha, int start, int step)
    {
        if (depth == 8 && !HasAlpha)
        {
            float[] table = Luma.FromByte;
            for (int i = 0, o = start; i < count; i++, o += step)
            {
                luma[o] = table[row[i]];
            }

            return;
        }

        float scale = 1f / ((1 << depth) - 1);
        for (int i = 0, o = start; i < count; i++, o += step)
        {
            int raw = RawSample(row, i, depth);
            luma[o] = raw * scale;
            if (HasAlpha)
            {
                alpha[o] = raw == _transparentGray ? 0f : 1f;
            }
        }
    }

    private void ConvertRgb(ReadOnlySpan<byte> row, int count, int depth, Span<float> luma, Span<float> alpha, int start, int step)
    {
        float scale = 1f / ((1 << depth) - 1);
        for (int i = 0, o = start; i < count; i++, o += step)
        {
            int r = RawSample(row, 3 * i, depth);
            int g = RawSample(row, (3 * i) + 1, depth);
            int b = RawSample(row, (3 * i) + 2, depth);
            luma[o] = Luma.FromRgb(r * scale, g * scale, b * scale);
            if (HasAlpha)
            {
                alpha[o] = r == _transparentR && g == _transparentG && b == _transparentB ? 0f : 1f;
            }
        }
    }

    private static float Sample(ReadOnlySpan<byte> row, int index, int depth) =>
        depth == 8 ? row[index] * (1f / 255f) : BinaryPrimitives.ReadUInt16BigEndian(row[(2 * index)..]) * (1f / 65535f);

    private static int RawSample(ReadOnlySpan<byte> row, int index, int depth) => depth switch
    {
        8 => row[index],
        16 => (row[2 * index] << 8) | row[(2 * index) + 1],
        _ => PackedSample(row, index, depth),
    };

    /// <summary>A 1-, 2- or 4-bit sample; samples are packed most significant bits first.</summary>
    private static int PackedSample(ReadOnlySpan<byte> row, int index, int depth)
    {
        int bit = index * depth;
        int shift = 8 - depth - (bit & 7);
        return (row[bit >> 3] >> shift) & ((1 << depth) - 1);
    }
}
