using System.Buffers.Binary;
using System.IO.Hashing;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>The ways a valid image file is damaged, from a single bit to a lying length field.</summary>
public enum MutationKind
{
    Truncate,
    FlipBit,
    SetByte,
    InsertBytes,
    DeleteBytes,
    SetInterestingUInt32,
    SetInterestingUInt16,
    CorruptPngChunkLength,
    CorruptPngChunkCrc,
    DuplicateRange,
}

/// <summary>
/// One deterministic edit of a byte array. <see cref="Position"/> and <see cref="Value"/> are arbitrary integers folded
/// into range, so any generated values (FsCheck's or a seeded <see cref="Random"/>'s) describe a valid edit.
/// </summary>
public readonly record struct Mutation(MutationKind Kind, int Position, int Value, int Count)
{
    private static readonly uint[] Interesting =
        [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0xC350, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE];

    /// <summary>Returns a damaged copy of <paramref name="data"/>.</summary>
    public byte[] Apply(byte[] data)
    {
        int at = Fold(Position, data.Length + 1);
        int count = 1 + Fold(Count, 64);
        switch (Kind)
        {
            case MutationKind.Truncate:
                return data[..at];
            case MutationKind.FlipBit when data.Length > 0:
            {
                byte[] copy = (byte[])data.Clone();
                copy[Fold(Position, data.Length)] ^= (byte)(1 << Fold(Value, 8));
                return copy;
            }

            case MutationKind.SetByte when data.Length > 0:
            {
                byte[] copy = (byte[])data.Clone();
                copy[Fold(Position, data.Length)] = (byte)Value;
                return copy;
            }

            case MutationKind.InsertBytes:
            {
                var copy = new byte[data.Length + count];
                data.AsSpan(0, at).CopyTo(copy);
                copy.AsSpan(at, count).Fill((byte)Value);
                data.AsSpan(at).CopyTo(copy.AsSpan(at + count));
                return copy;
            }

            case MutationKind.DeleteBytes:
            {
                int end = Math.Min(data.Length, at + count);
                return [.. data.AsSpan(0, at), .. data.AsSpan(end)];
            }

            case MutationKind.SetInterestingUInt32 when data.Length >= 4:
            {
                byte[] copy = (byte[])data.Clone();
                uint value = Interesting[Fold(Value, Interesting.Length)];
                int offset = Fold(Position, data.Length - 3);
                if ((Count & 1) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(offset), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
                }

                return copy;
            }

            case MutationKind.SetInterestingUInt16 when data.Length >= 2:
            {
                byte[] copy = (byte[])data.Clone();
                ushort value = (ushort)Interesting[Fold(Value, Interesting.Length)];
                int offset = Fold(Position, data.Length - 1);
                if ((Count & 1) == 0)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(offset), value);
                }

                return copy;
            }

            case MutationKind.CorruptPngChunkLength or MutationKind.CorruptPngChunkCrc:
                return CorruptPngChunk(data);
            case MutationKind.DuplicateRange when data.Length > 0:
            {
                int start = Fold(Position, data.Length);
                int length = Math.Min(count * 4, data.Length - start);
                int target = Fold(Value, data.Length + 1);
                return [.. data.AsSpan(0, target), .. data.AsSpan(start, length), .. data.AsSpan(target)];
            }

            default:
                return data;
        }
    }

    private byte[] CorruptPngChunk(byte[] data)
    {
        List<int> chunkStarts = PngChunkStarts(data);
        if (chunkStarts.Count == 0)
        {
            return data;
        }

        byte[] copy = (byte[])data.Clone();
        int start = chunkStarts[Fold(Position, chunkStarts.Count)];
        if (Kind == MutationKind.CorruptPngChunkLength)
        {
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(start), Interesting[Fold(Value, Interesting.Length)] ^ (uint)(Count & 3));
        }
        else
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(start));
            copy[start + 8 + length + Fold(Value, 4)] ^= (byte)(1 + Fold(Count, 255));
        }

        return copy;
    }

    /// <summary>Offsets of the well-formed chunks of a PNG (empty when <paramref name="data"/> is not one).</summary>
    public static List<int> PngChunkStarts(ReadOnlySpan<byte> data)
    {
        var starts = new List<int>();
        if (data.Length < 8 || data[0] != 0x89 || data[1] != (byte)'P')
        {
            return starts;
        }

        int position = 8;
        while (position + 12 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            if (length > (uint)(data.Length - position - 12))
            {
                break;
            }

            starts.Add(position);
            position += 12 + (int)length;
        }

        return starts;
    }

    /// <summary>
    /// Recomputes every chunk CRC of a (damaged) PNG, so the damage reaches the decoder's deeper layers (zlib, filters,
    /// pixel conversion) instead of being stopped by the CRC check.
    /// </summary>
    public static byte[] RepairPngCrcs(byte[] data)
    {
        foreach (int start in PngChunkStarts(data))
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(start));
            uint crc = Crc32.HashToUInt32(data.AsSpan(start + 4, 4 + length));
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(start + 8 + length), crc);
        }

        return data;
    }

    /// <summary>A random mutation, as the fuzz command draws them.</summary>
    public static Mutation Random(Random random) => new(
        (MutationKind)random.Next(Enum.GetValues<MutationKind>().Length),
        random.Next(),
        random.Next(),
        random.Next());

    private static int Fold(int value, int range) => range <= 0 ? 0 : (int)((uint)value % (uint)range);
}
