namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>
/// Reads the protobuf wire format field by field (varints, 64/32-bit fixed, length-delimited); enough to walk an ONNX
/// model to its initializers. Unknown fields are skipped; a truncated or malformed stream throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly bool AtEnd => position >= data.Length;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = (int)(tag >> 3);
        if (field <= 0) throw new InvalidDataException($"Invalid protobuf field number {field} at byte {position}.");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) throw new InvalidDataException("Protobuf varint runs past the end of the data.");
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("Protobuf varint longer than 10 bytes.");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position)) throw new InvalidDataException($"Protobuf field of {length} bytes runs past the end of the data.");
        var bytes = data.Slice(position, (int)length);
        position += (int)length;
        return bytes;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Advance(8); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: Advance(4); break;
            default: throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }
    }

    private void Advance(int count)
    {
        if (data.Length - position < count) throw new InvalidDataException("Protobuf fixed-width field runs past the end of the data.");
        position += count;
    }
}
