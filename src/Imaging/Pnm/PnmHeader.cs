namespace DenoiseApi.Imaging.Pnm;

/// <summary>The text header of a Netpbm file: magic, width, height and (except for bitmaps) maxval.</summary>
internal readonly record struct PnmHeader(char Kind, int Width, int Height, int MaxValue, int DataOffset)
{
    public int Channels => Kind is '3' or '6' ? 3 : 1;

    /// <summary>Bits needed for maxval: 1 for bitmaps, 8 for 255, 16 for 65535.</summary>
    public int BitDepth => 32 - int.LeadingZeroCount(MaxValue);

    public static PnmHeader Parse(ReadOnlySpan<byte> data)
    {
        if (!PnmDecoder.IsPnm(data))
        {
            throw ImageDecodeException.Malformed("Not a PNM header.");
        }

        char kind = (char)data[1];
        int position = 2;
        int width = Number(data, ref position);
        int height = Number(data, ref position);
        int maxValue = kind is '1' or '4' ? 1 : Number(data, ref position);
        if (maxValue is < 1 or > 65535)
        {
            throw ImageDecodeException.Malformed($"PNM maxval {maxValue} is outside 1..65535.");
        }

        if (kind is '4' or '5' or '6')
        {
            // Exactly one whitespace byte separates the header from binary data.
            if (position >= data.Length || !PnmDecoder.IsWhitespace(data[position]))
            {
                throw ImageDecodeException.Malformed("PNM header is not followed by whitespace.");
            }

            position++;
        }

        return new PnmHeader(kind, width, height, maxValue, position);
    }

    /// <summary>Skips whitespace and comments, then reads a decimal number below 2^31.</summary>
    private static int Number(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length && (PnmDecoder.IsWhitespace(data[position]) || data[position] == (byte)'#'))
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        long value = 0;
        int start = position;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (data[position++] - '0');
            if (value > int.MaxValue)
            {
                throw ImageDecodeException.Malformed("PNM header number is too large.");
            }
        }

        if (position == start)
        {
            throw ImageDecodeException.Malformed("PNM header is missing a number.");
        }

        return (int)value;
    }
}
