using System.Buffers.Binary;
using System.Numerics;

namespace DenoiseApi.Imaging.Png;

/// <summary>
/// A zlib stream (RFC 1950) holding one deflate block with the fixed Huffman codes (RFC 1951 3.2.6), matched greedily
/// against a small hash of 3-byte prefixes. It exists for the service's small answers (a 28x28 digit is 812 bytes of
/// scanlines): there, setting up a zlib deflater (allocating and clearing its 64 KiB window and 128 KiB hash) costs
/// more than compressing, and the fixed codes lose little to dynamic ones because a digit is mostly runs of
/// background. Any inflater reads the result; larger images are better served by zlib's dynamic codes.
/// </summary>
internal static class FixedHuffmanZlib
{
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int MaxDistance = 32768;
    private const int HashBits = 10;

    /// <summary>Bit-reversed fixed code and its length for each literal/length symbol 0..287.</summary>
    private static readonly (ushort Code, byte Bits)[] LiteralCodes = BuildLiteralCodes();

    /// <summary>Length code index (0..28) of each match length 3..258.</summary>
    private static readonly byte[] LengthCodeOf = BuildCodeIndex(DeflateFormat.LengthBase, MaxMatch + 1);

    /// <summary>
    /// Positions inside a match that are added to the hash: all of a short match, only the last ones of a long match.
    /// A digit's background is long runs of one byte, where hashing every position costs more than the rest of the
    /// encoder and finds nothing the run check does not (zlib's fast levels skip them the same way).
    /// </summary>
    private const int InsertedMatchTail = 8;

    /// <summary>The largest stream <see cref="Compress(ReadOnlySpan{byte}, Span{byte})"/> writes for <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) =>
        // Header, then every byte a 9-bit literal plus the 3 block-header bits and the 7-bit end code, rounded up, and Adler-32.
        2 + ((3 + (length * 9) + 7 + 7) / 8) + 4;

    /// <summary>Compresses <paramref name="data"/> into a complete zlib stream.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var output = new byte[MaxCompressedLength(data.Length)];
        return output.AsSpan(0, Compress(data, output)).ToArray();
    }

    /// <summary>
    /// Writes a complete zlib stream of <paramref name="data"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxCompressedLength"/> bytes) and returns its length.
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(data.Length))
            throw new ArgumentException($"{data.Length} bytes may need {MaxCompressedLength(data.Length)} bytes of output, got {destination.Length}.", nameof(destination));
        destination[0] = 0x78; // deflate, 32 KiB window
        destination[1] = 0x01; // fastest-level flag; (0x78 << 8 | 0x01) is a multiple of 31 as the header check requires
        var bits = new BitWriter(destination, 2);
        bits.Write(0b011, 3); // BFINAL = 1, BTYPE = 01 (fixed codes)

        Span<short> head = stackalloc short[1 << HashBits];
        head.Fill(-1);
        var useHash = data.Length <= short.MaxValue;
        var i = 0;
        while (i < data.Length)
        {
            var length = 0;
            var distance = 0;
            if (i + MinMatch <= data.Length)
            {
                // A run of the previous byte is the common case in a digit's background: check it first.
                if (i > 0) length = MatchLength(data, i, i - 1);
                if (length >= MinMatch) distance = 1;
                if (useHash)
                {
                    var slot = Hash(data, i);
                    var candidate = head[slot];
                    head[slot] = (short)i;
                    if (candidate >= 0 && candidate < i - 1 && i - candidate <= MaxDistance)
                    {
                        var candidateLength = MatchLength(data, i, candidate);
                        if (candidateLength > length)
                        {
                            length = candidateLength;
                            distance = i - candidate;
                        }
                    }
                }
            }

            if (length >= MinMatch)
            {
                WriteMatch(ref bits, length, distance);
                if (useHash)
                {
                    var end = Math.Min(i + length, data.Length - MinMatch + 1);
                    for (var j = Math.Max(i + 1, end - InsertedMatchTail); j < end; j++) head[Hash(data, j)] = (short)j;
                }

                i += length;
            }
            else
            {
                WriteSymbol(ref bits, data[i]);
                i++;
            }
        }

        WriteSymbol(ref bits, DeflateFormat.EndOfBlock);
        var written = bits.Flush();
        BinaryPrimitives.WriteUInt32BigEndian(destination[written..], Adler32.Compute(data));
        return written + 4;
    }

    private static int Hash(ReadOnlySpan<byte> data, int i) =>
        (int)(((uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16)) * 2654435761u) >> (32 - HashBits));

    private static int MatchLength(ReadOnlySpan<byte> data, int at, int from)
    {
        var limit = Math.Min(MaxMatch, data.Length - at);
        return data.Slice(from, limit).CommonPrefixLength(data.Slice(at, limit));
    }

    private static void WriteSymbol(ref BitWriter bits, int symbol)
    {
        var (code, length) = LiteralCodes[symbol];
        bits.Write(code, length);
    }

    private static void WriteMatch(ref BitWriter bits, int length, int distance)
    {
        int lengthCode = LengthCodeOf[length];
        WriteSymbol(ref bits, 257 + lengthCode);
        if (DeflateFormat.LengthExtra[lengthCode] > 0) bits.Write((uint)(length - DeflateFormat.LengthBase[lengthCode]), DeflateFormat.LengthExtra[lengthCode]);

        var distanceCode = DistanceCodeOf(distance);
        bits.Write(Reverse((uint)distanceCode, 5), 5);
        if (DeflateFormat.DistanceExtra[distanceCode] > 0) bits.Write((uint)(distance - DeflateFormat.DistanceBase[distanceCode]), DeflateFormat.DistanceExtra[distanceCode]);
    }

    private static int DistanceCodeOf(int distance)
    {
        if (distance <= 4) return distance - 1;
        // Codes come in pairs per power of two: 5-6 → 4, 7-8 → 5, 9-12 → 6, ...
        var d = distance - 1;
        var log = 31 - BitOperations.LeadingZeroCount((uint)d);
        return (2 * log) + ((d >> (log - 1)) & 1);
    }

    private static (ushort, byte)[] BuildLiteralCodes()
    {
        var codes = new (ushort, byte)[288];
        for (var symbol = 0; symbol < 288; symbol++)
        {
            var (code, length) = symbol switch
            {
                < 144 => (0x30 + symbol, 8),
                < 256 => (0x190 + symbol - 144, 9),
                < 280 => (symbol - 256, 7),
                _ => (0xC0 + symbol - 280, 8),
            };
            codes[symbol] = ((ushort)Reverse((uint)code, length), (byte)length);
        }

        return codes;
    }

    private static byte[] BuildCodeIndex(ushort[] bases, int size)
    {
        var index = new byte[size];
        for (var code = 0; code < bases.Length; code++)
        {
            var end = code + 1 < bases.Length ? bases[code + 1] : size;
            for (var value = bases[code]; value < end; value++) index[value] = (byte)code;
        }

        return index;
    }

    /// <summary>Huffman codes are packed starting from their most significant bit; deflate's bit order is LSB first.</summary>
    private static uint Reverse(uint code, int length) => ReverseBits(code) >> (32 - length);

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }

    /// <summary>Packs bit fields least significant bit first, as deflate stores them.</summary>
    private ref struct BitWriter(Span<byte> output, int start)
    {
        private readonly Span<byte> _output = output;
        private ulong _buffer;
        private int _count;
        private int _position = start;

        public void Write(uint value, int bits)
        {
            _buffer |= (ulong)value << _count;
            _count += bits;
            while (_count >= 8)
            {
                _output[_position++] = (byte)_buffer;
                _buffer >>= 8;
                _count -= 8;
            }
        }

        /// <summary>Writes the last partial byte and returns the length written so far.</summary>
        public int Flush()
        {
            if (_count > 0) _output[_position++] = (byte)_buffer;
            _buffer = 0;
            _count = 0;
            return _position;
        }
    }
}
