using System.Buffers.Binary;
using System.Text;

namespace DenoiseApi.Training.Export;

/// <summary>
/// The few protocol-buffer encodings an ONNX file needs (varints, length-delimited fields, packed repeated
/// fields, little-endian fixed32), written field by field. Nested messages are built in their own writer and
/// embedded with <see cref="Message"/>, which is how protobuf length-prefixes them.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint(unchecked((ulong)value));
    }

    public void Int32(int field, int value) => Int64(field, value); // protobuf sign-extends negative int32 to 10 bytes

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    }

    public void String(int field, string value)
    {
        Tag(field, WireLengthDelimited);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void Message(int field, ProtobufWriter message) => Bytes(field, message._buffer.AsSpan(0, message._length));

    /// <summary>A packed repeated int64 field (proto3's default encoding for repeated scalars).</summary>
    public void PackedInt64(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        int size = 0;
        foreach (long v in values)
        {
            size += VarintSize(unchecked((ulong)v));
        }

        Tag(field, WireLengthDelimited);
        Varint((ulong)size);
        foreach (long v in values)
        {
            Varint(unchecked((ulong)v));
        }
    }

    /// <summary>A packed repeated float field: each value as little-endian fixed32.</summary>
    public void PackedFloat(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        Tag(field, WireLengthDelimited);
        Varint((ulong)values.Length * 4);
        Span<byte> target = Reserve(values.Length * 4);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target.Slice(i * 4, 4), values[i]);
        }
    }

    private void Tag(int field, int wireType) => Varint((ulong)(((uint)field << 3) | (uint)wireType));

    private void Varint(ulong value)
    {
        Span<byte> target = Reserve(VarintSize(value));
        int i = 0;
        while (value >= 0x80)
        {
            target[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        target[i] = (byte)value;
    }

    internal static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
