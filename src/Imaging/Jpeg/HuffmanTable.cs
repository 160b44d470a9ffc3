namespace DenoiseApi.Imaging.Jpeg;

/// <summary>
/// A canonical JPEG Huffman table (DHT): a 9-bit lookup for the common short codes and per-length bounds for the rest.
/// </summary>
internal sealed class HuffmanTable
{
    public const int FastBits = 9;

    private readonly byte[] _values;

    /// <summary>For each 9-bit prefix: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    private readonly ushort[] _fast = new ushort[1 << FastBits];

    /// <summary>Largest code of each length (−1 when none), lengths 1..16.</summary>
    private readonly int[] _maxCode = new int[18];

    /// <summary>Index into the values of the first code of each length, minus that code.</summary>
    private readonly int[] _valueOffset = new int[17];

    /// <param name="counts">Number of codes of each length 1..16 (16 entries).</param>
    /// <param name="values">The symbols in code order.</param>
    public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            _valueOffset[length] = index - code;
            if (count > 0)
            {
                for (int i = 0; i < count; i++, index++, code++)
                {
                    if (code >= 1 << length)
                    {
                        throw ImageDecodeException.Malformed("JPEG Huffman table has more codes than fit their lengths.");
                    }

                    if (length <= FastBits)
                    {
                        int shift = FastBits - length;
                        int first = code << shift;
                        for (int fill = 0; fill < 1 << shift; fill++)
                        {
                            _fast[first + fill] = (ushort)((length << 8) | _values[index]);
                        }
                    }
                }

                _maxCode[length] = code - 1;
            }
            else
            {
                _maxCode[length] = -1;
            }

            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Decodes one symbol.</summary>
    public int Decode(ref JpegBitReader reader)
    {
        int peek = reader.Peek16();
        int fast = _fast[peek >> (16 - FastBits)];
        if (fast != 0)
        {
            reader.Skip(fast >> 8);
            return fast & 0xFF;
        }

        for (int length = FastBits + 1; length <= 16; length++)
        {
            int code = peek >> (16 - length);
            if (code <= _maxCode[length])
            {
                int index = _valueOffset[length] + code;
                if ((uint)index >= (uint)_values.Length)
                {
                    break;
                }

                reader.Skip(length);
                return _values[index];
            }
        }

        throw ImageDecodeException.Malformed("JPEG entropy data holds an invalid Huffman code.");
    }
}
