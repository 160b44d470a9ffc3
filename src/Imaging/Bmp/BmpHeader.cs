using System.Buffers.Binary;

namespace DenoiseApi.Imaging.Bmp;

/// <summary>
/// The file and DIB headers of a Windows bitmap (BITMAPCOREHEADER, BITMAPINFOHEADER and its V2-V5 extensions),
/// with the channel masks resolved for 16- and 32-bit images.
/// </summary>
internal sealed record BmpHeader(
    int Width,
    int Height,
    bool TopDown,
    int BitsPerPixel,
    int PixelOffset,
    int PaletteOffset,
    int PaletteEntries,
    int PaletteEntrySize,
    uint RedMask,
    uint GreenMask,
    uint BlueMask,
    uint AlphaMask)
{
    private const int FileHeaderSize = 14;
    private const uint BiRgb = 0;
    private const uint BiBitFields = 3;
    private const uint BiAlphaBitFields = 6;

    public long Stride => (((long)Width * BitsPerPixel) + 31) / 32 * 4;

    public static bool IsBmp(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M';

    public static BmpHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < FileHeaderSize + 12 || !IsBmp(data))
        {
            throw ImageDecodeException.Malformed("BMP header is truncated.");
        }

        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        uint dibSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (dibSize is not (12 or 40 or 52 or 56 or 64 or 108 or 124) || FileHeaderSize + dibSize > data.Length)
        {
            throw dibSize is 12 or 40 or 52 or 56 or 64 or 108 or 124
                ? ImageDecodeException.Malformed("BMP header is truncated.")
                : ImageDecodeException.Malformed($"BMP header size {dibSize} is unknown.");
        }

        ReadOnlySpan<byte> dib = data.Slice(FileHeaderSize, (int)dibSize);
        int width, height, bitsPerPixel;
        uint compression = BiRgb;
        uint paletteUsed = 0;
        if (dibSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(dib[4..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(dib[6..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(dib[10..]);
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(dib[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(dib[8..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(dib[14..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(dib[16..]);
            paletteUsed = BinaryPrimitives.ReadUInt32LittleEndian(dib[32..]);
        }

        if (width < 0 || height == int.MinValue)
        {
            throw ImageDecodeException.Malformed($"BMP size {width}x{height} is invalid.");
        }

        if (compression is not (BiRgb or BiBitFields or BiAlphaBitFields))
        {
            throw ImageDecodeException.Unsupported($"BMP compression {compression} (RLE, JPEG or PNG inside BMP) is not supported; only uncompressed bitmaps are.");
        }

        if (bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            throw ImageDecodeException.Malformed($"BMP bit count {bitsPerPixel} is invalid.");
        }

        (uint red, uint green, uint blue, uint alpha) = ReadMasks(data, dib, bitsPerPixel, compression);
        int paletteEntrySize = dibSize == 12 ? 3 : 4;
        int paletteEntries = 0;
        int paletteOffset = FileHeaderSize + (int)dibSize + (compression == BiBitFields && dibSize == 40 ? 12 : 0)
            + (compression == BiAlphaBitFields && dibSize == 40 ? 16 : 0);
        if (bitsPerPixel <= 8)
        {
            paletteEntries = paletteUsed == 0 || paletteUsed > (1u << bitsPerPixel) ? 1 << bitsPerPixel : (int)paletteUsed;

            // Writers sometimes declare more entries than they store; keep the ones that are present.
            long available = (Math.Min(pixelOffset, (uint)data.Length) - paletteOffset) / paletteEntrySize;
            paletteEntries = (int)Math.Clamp(available, 0, paletteEntries);
            if (paletteEntries == 0)
            {
                throw ImageDecodeException.Malformed("BMP palette is missing.");
            }
        }

        if (pixelOffset > data.Length)
        {
            throw ImageDecodeException.Malformed("BMP pixel data offset is past the end of the file.");
        }

        return new BmpHeader(width, Math.Abs(height), height < 0, bitsPerPixel, (int)pixelOffset, paletteOffset,
            paletteEntries, paletteEntrySize, red, green, blue, alpha);
    }

    private static (uint Red, uint Green, uint Blue, uint Alpha) ReadMasks(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> dib, int bitsPerPixel, uint compression)
    {
        if (compression == BiRgb)
        {
            // Uncompressed: 5-5-5 for 16 bits, B-G-R(-unused) bytes otherwise; the fourth byte of 32-bit BI_RGB is
            // reserved and ignored (many writers leave it zero).
            return bitsPerPixel == 16 ? (0x7C00u, 0x03E0u, 0x001Fu, 0u) : (0xFF0000u, 0xFF00u, 0xFFu, 0u);
        }

        if (bitsPerPixel is not (16 or 32))
        {
            throw ImageDecodeException.Malformed("BMP bit fields need 16 or 32 bits per pixel.");
        }

        ReadOnlySpan<byte> masks;
        if (dib.Length >= 52)
        {
            masks = dib[40..];
        }
        else if (data.Length >= 14 + 40 + 16)
        {
            masks = data.Slice(14 + 40, 16);
        }
        else if (data.Length >= 14 + 40 + 12 && compression == BiBitFields)
        {
            masks = data.Slice(14 + 40, 12);
        }
        else
        {
            throw ImageDecodeException.Malformed("BMP bit field masks are missing.");
        }

        uint alpha = masks.Length >= 16 && (dib.Length >= 56 || compression == BiAlphaBitFields)
            ? BinaryPrimitives.ReadUInt32LittleEndian(masks[12..])
            : 0u;
        return (BinaryPrimitives.ReadUInt32LittleEndian(masks),
            BinaryPrimitives.ReadUInt32LittleEndian(masks[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(masks[8..]),
            alpha);
    }
}
