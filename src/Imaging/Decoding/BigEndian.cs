using System.Buffers.Binary;

namespace DenoiseApi.Imaging.Decoding;

/// <summary>Bounds-checked big-endian reads that fail as malformed input instead of crashing.</summary>
internal static class BigEndian
{
    public static uint ReadUInt32(ReadOnlySpan<byte> data, int offset)
    {
        if (offset < 0 || offset > data.Length - 4)
        {
            throw ImageDecodeException.Malformed("Unexpected end of data.");
        }

        return BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
    }
}
