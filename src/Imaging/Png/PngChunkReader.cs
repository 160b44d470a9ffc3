using DenoiseApi.Imaging.Decoding;

namespace DenoiseApi.Imaging.Png;

/// <summary>Walks the chunks of a PNG stream, checking each length against the data and each CRC.</summary>
internal ref struct PngChunkReader
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public PngChunkReader(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(Signature))
        {
            throw ImageDecodeException.Malformed("Not a PNG signature.");
        }

        _data = data;
        _position = Signature.Length;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next chunk; <paramref name="type"/> is the four ASCII letters as a big-endian integer.</summary>
    public void Next(out uint type, out ReadOnlySpan<byte> chunkData)
    {
        uint length = BigEndian.ReadUInt32(_data, _position);
        long available = (long)_data.Length - _position - 12;
        if (length > available)
        {
            throw ImageDecodeException.Malformed("PNG chunk runs past the end of the data.");
        }

        ReadOnlySpan<byte> typeAndData = _data.Slice(_position + 4, 4 + (int)length);
        uint storedCrc = BigEndian.ReadUInt32(_data, _position + 8 + (int)length);
        if (Crc32.Compute(typeAndData) != storedCrc)
        {
            throw ImageDecodeException.Malformed("PNG chunk CRC mismatch.");
        }

        type = BigEndian.ReadUInt32(typeAndData, 0);
        chunkData = typeAndData[4..];
        _position += 12 + (int)length;
    }

    public static bool IsCritical(uint type) => (type & 0x20000000u) == 0;
}

/// <summary>Chunk type codes.</summary>
internal static class PngChunk
{
    public const uint Ihdr = 0x49484452;
    public const uint Plte = 0x504C5445;
    public const uint Idat = 0x49444154;
    public const uint Iend = 0x49454E44;
    public const uint Trns = 0x74524E53;
}
