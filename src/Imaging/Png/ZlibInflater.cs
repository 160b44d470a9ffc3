using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DenoiseApi.Imaging.Png;

/// <summary>
/// Inflates a whole zlib stream (RFC 1950 around RFC 1951 stored, fixed- and dynamic-Huffman blocks) into a span of
/// known length, without heap allocation: the Huffman tables live on the stack (the fixed ones are built once), the
/// window is the output itself. It exists for small PNGs (a 28x28 digit is 812 scanline bytes), where a ZLibStream (its
/// native state set up per image, then a call into zlib per scanline) costs more than the inflating itself; numbers at
/// <see cref="PngDecoder.OwnInflaterMaxBytes"/>.
/// <para>
/// What it accepts is what the PNG decoder accepted when it read exactly its scanline bytes through ZLibStream, whose
/// zlib, once the output is full, reads on through everything that produces no output while input remains: so the
/// stream may hold more data than the output (it stops at the first literal or match beyond), and it may end early
/// once the output is full (the end of the last block or the Adler-32 trailer missing), but what it does hold up to
/// that point must be valid, and a trailer that is there must match. Anything else (a bad header, a preset dictionary,
/// an invalid block type, oversubscribed or incomplete code lengths, an invalid code, a distance before the start, a
/// wrong Adler-32, a stream that ends before the output is full) is an <see cref="ImageDecodeException"/> of kind
/// <see cref="ImageErrorKind.Malformed"/>.
/// </para>
/// </summary>
[SkipLocalsInit] // every stack table is cleared or written before it is read
internal static class ZlibInflater
{
    /// <summary>Bits the literal/length lookup table resolves at once; longer codes take the canonical slow path.</summary>
    private const int LiteralTableBits = 10;

    /// <summary>Bits the distance lookup table resolves at once.</summary>
    private const int DistanceTableBits = 8;

    private const int MaxCodeBits = 15;

    /// <summary>What decoding returns for a bit pattern that is no code of an incomplete (or empty) Huffman code.</summary>
    private const int NoSymbol = 1000;

    /// <summary>Order in which a dynamic block lists the code lengths of the code-length alphabet (RFC 1951 3.2.7).</summary>
    private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private static readonly HuffmanTables FixedLiterals = HuffmanTables.Fixed(literals: true);
    private static readonly HuffmanTables FixedDistances = HuffmanTables.Fixed(literals: false);

    /// <summary>Inflates the zlib stream <paramref name="input"/> into exactly <paramref name="output"/>.</summary>
    /// <exception cref="ImageDecodeException">The stream is malformed or does not hold exactly that many bytes.</exception>
    public static void Inflate(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.IsEmpty)
        {
            return; // nothing to read, as with a zero-byte read of ZLibStream
        }

        if (input.Length < 2)
        {
            throw ImageDecodeException.Malformed("zlib stream ends inside its header.");
        }

        int cmf = input[0], flags = input[1];
        if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flags) % 31 != 0)
        {
            throw ImageDecodeException.Malformed("zlib stream has an invalid header.");
        }

        if ((flags & 0x20) != 0)
        {
            throw ImageDecodeException.Malformed("zlib stream asks for a preset dictionary.");
        }

        var inflater = new Inflater(input[2..], output);
        try
        {
            inflater.Run();
        }
        catch (ImageDecodeException) when (inflater.EndedAfterOutput)
        {
            // The input ends after all the output: zlib would wait for more input, and the exact read was already done.
        }
    }

    /// <summary>The decoding state: input, bit buffer and output position.</summary>
    private ref struct Inflater(ReadOnlySpan<byte> input, Span<byte> output)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private readonly Span<byte> _output = output;
        private BitReader _reader;
        private int _written;

        /// <summary>The input ran out after the output was full: accepted (see the class summary).</summary>
        public bool EndedAfterOutput { get; private set; }

        public void Run()
        {
            Span<ushort> literalTable = stackalloc ushort[1 << LiteralTableBits];
            Span<short> literalCounts = stackalloc short[MaxCodeBits + 1];
            Span<short> literalSymbols = stackalloc short[288];
            Span<ushort> distanceTable = stackalloc ushort[1 << DistanceTableBits];
            Span<short> distanceCounts = stackalloc short[MaxCodeBits + 1];
            Span<short> distanceSymbols = stackalloc short[32];
            bool final = false;
            while (!final)
            {
                _reader.Refill(_input);
                final = _reader.Take(1) == 1;
                uint type = _reader.Take(2);
                CheckTruncation();
                bool blockEnded;
                switch (type)
                {
                    case 0:
                        blockEnded = CopyStored();
                        break;
                    case 1:
                        blockEnded = DecodeCompressed(FixedLiterals.View(), FixedDistances.View());
                        break;
                    case 2:
                        var literals = new Huffman(literalTable, LiteralTableBits, literalCounts, literalSymbols);
                        var distances = new Huffman(distanceTable, DistanceTableBits, distanceCounts, distanceSymbols);
                        ReadDynamicCodes(literals, distances);
                        blockEnded = DecodeCompressed(literals.View(), distances.View());
                        break;
                    default:
                        throw ImageDecodeException.Malformed("deflate block has the reserved type 3.");
                }

                if (!blockEnded)
                {
                    return; // stopped at data beyond the output, which is never read
                }
            }

            if (_written < _output.Length)
            {
                throw ImageDecodeException.Malformed("zlib stream ends before the expected amount of data.");
            }

            CheckTrailer();
        }

        /// <summary>Compares the Adler-32 trailer (when the input holds it) with the output's checksum.</summary>
        private void CheckTrailer()
        {
            _reader.Take(_reader.Count & 7);
            _reader.Refill(_input);
            uint expected = 0;
            for (int i = 0; i < 4; i++)
            {
                expected = (expected << 8) | _reader.Take(8);
            }

            CheckTruncation();
            if (expected != Adler32.Compute(_output))
            {
                throw ImageDecodeException.Malformed("zlib stream's Adler-32 checksum does not match its data.");
            }
        }

        /// <summary>
        /// Decodes a Huffman-coded block: true at its end, false at a literal or match beyond the full output (decoded,
        /// so an invalid code there is still refused, but not written). The bit buffer and output position live in
        /// locals here, so the JIT keeps them in registers.
        /// </summary>
        private bool DecodeCompressed(scoped HuffmanView literals, scoped HuffmanView distances)
        {
            ReadOnlySpan<byte> input = _input;
            Span<byte> output = _output;
            BitReader reader = _reader;
            int written = _written;
            bool ended;
            while (true)
            {
                // One refill covers the longest symbol: 15 + 5 length extra + 15 + 13 distance extra = 48 bits.
                reader.Refill(input);
                int symbol = Decode(ref reader, literals);
                if (reader.Overran)
                {
                    throw Truncated(written);
                }

                if (symbol < DeflateFormat.EndOfBlock)
                {
                    if (written == output.Length)
                    {
                        ended = false;
                        break;
                    }

                    output[written++] = (byte)symbol;
                    continue;
                }

                if (symbol == DeflateFormat.EndOfBlock)
                {
                    ended = true;
                    break;
                }

                symbol -= 257;
                if (symbol >= DeflateFormat.LengthBase.Length)
                {
                    throw ImageDecodeException.Malformed("deflate stream has an invalid literal/length code.");
                }

                int length = DeflateFormat.LengthBase[symbol] + (int)reader.Take(DeflateFormat.LengthExtra[symbol]);
                int distanceCode = Decode(ref reader, distances);
                if (reader.Overran)
                {
                    throw Truncated(written); // before judging a code read partly from past the end, as zlib does
                }

                if (distanceCode >= DeflateFormat.DistanceBase.Length)
                {
                    throw ImageDecodeException.Malformed("deflate stream has an invalid distance code.");
                }

                int distance = DeflateFormat.DistanceBase[distanceCode] + (int)reader.Take(DeflateFormat.DistanceExtra[distanceCode]);
                if (reader.Overran)
                {
                    throw Truncated(written);
                }

                if (written == output.Length)
                {
                    ended = false;
                    break;
                }

                if (distance > written)
                {
                    throw ImageDecodeException.Malformed("deflate stream refers to data before its start.");
                }

                // A match running past the end is cut there; the rest of it is data beyond the output.
                int copied = Math.Min(length, output.Length - written);
                CopyMatch(output, written, distance, copied);
                written += copied;
                if (copied < length)
                {
                    ended = false;
                    break;
                }
            }

            _reader = reader;
            _written = written;
            return ended;
        }

        /// <summary>Copies a match; when it overlaps its source (distance &lt; length) the bytes repeat as they are written.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CopyMatch(Span<byte> output, int at, int distance, int length)
        {
            if (length <= 16 || (distance < length && distance > 1))
            {
                Span<byte> target = output.Slice(at, length);
                ReadOnlySpan<byte> source = output.Slice(at - distance, length + distance); // bounds checked once
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = source[i];
                }
            }
            else if (distance == 1)
            {
                output.Slice(at, length).Fill(output[at - 1]);
            }
            else
            {
                output.Slice(at - distance, length).CopyTo(output.Slice(at, length));
            }
        }

        /// <summary>Copies a stored block: true at its end, false when it runs on beyond the full output.</summary>
        private bool CopyStored()
        {
            // Drop to the byte boundary, then give back the whole bytes still in the bit buffer.
            _reader.Take(_reader.Count & 7);
            int position = _reader.Position - ((_reader.Count - _reader.Padding) >> 3);
            _reader = default;
            if (_input.Length - position < 4)
            {
                throw Truncated(_written);
            }

            int length = BinaryPrimitives.ReadUInt16LittleEndian(_input[position..]);
            int complement = BinaryPrimitives.ReadUInt16LittleEndian(_input[(position + 2)..]);
            position += 4;
            if ((length ^ complement) != 0xFFFF)
            {
                throw ImageDecodeException.Malformed("deflate stored block length does not match its complement.");
            }

            int copied = Math.Min(length, _output.Length - _written);
            if (copied > _input.Length - position)
            {
                throw Truncated(_written);
            }

            _input.Slice(position, copied).CopyTo(_output[_written..]);
            _reader.Position = position + copied;
            _written += copied;
            return copied == length;
        }

        /// <summary>Reads a dynamic block's code lengths (themselves Huffman-coded) and builds both tables.</summary>
        private void ReadDynamicCodes(scoped Huffman literals, scoped Huffman distances)
        {
            _reader.Refill(_input);
            int literalCount = (int)_reader.Take(5) + 257;
            int distanceCount = (int)_reader.Take(5) + 1;
            int codeLengthCount = (int)_reader.Take(4) + 4;
            if (literalCount > 286 || distanceCount > 30)
            {
                throw ImageDecodeException.Malformed("deflate block declares too many length or distance codes.");
            }

            Span<byte> lengths = stackalloc byte[286 + 30];
            lengths[..19].Clear();
            for (int i = 0; i < codeLengthCount; i++)
            {
                _reader.Refill(_input);
                lengths[CodeLengthOrder[i]] = (byte)_reader.Take(3);
            }

            CheckTruncation();

            Span<ushort> codeTable = stackalloc ushort[1 << 7];
            Span<short> codeCounts = stackalloc short[MaxCodeBits + 1];
            Span<short> codeSymbols = stackalloc short[19];
            var codeLengthCode = new Huffman(codeTable, 7, codeCounts, codeSymbols);
            codeLengthCode.Build(lengths[..19], allowSingleCode: false);
            HuffmanView codes = codeLengthCode.View();

            int total = literalCount + distanceCount;
            for (int i = 0; i < total;)
            {
                _reader.Refill(_input);
                int symbol = Decode(ref _reader, codes);
                CheckTruncation();
                if (symbol < 16)
                {
                    lengths[i++] = (byte)symbol;
                    continue;
                }

                (int repeat, byte value) = symbol switch
                {
                    16 when i > 0 => (3 + (int)_reader.Take(2), lengths[i - 1]),
                    16 => throw ImageDecodeException.Malformed("deflate code lengths repeat a length before the first."),
                    17 => (3 + (int)_reader.Take(3), (byte)0),
                    18 => (11 + (int)_reader.Take(7), (byte)0),
                    _ => throw ImageDecodeException.Malformed("deflate code lengths use a code that is not in their code."),
                };
                CheckTruncation();
                if (repeat > total - i)
                {
                    throw ImageDecodeException.Malformed("deflate code lengths repeat past the end of the list.");
                }

                lengths.Slice(i, repeat).Fill(value);
                i += repeat;
            }

            if (lengths[DeflateFormat.EndOfBlock] == 0)
            {
                throw ImageDecodeException.Malformed("deflate block has no end-of-block code.");
            }

            literals.Build(lengths[..literalCount], allowSingleCode: true);
            distances.Build(lengths.Slice(literalCount, distanceCount), allowSingleCode: true);
        }

        /// <summary>Decodes one symbol; the caller has refilled the bit buffer and checks for overrun.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Decode(ref BitReader reader, scoped HuffmanView code)
        {
            int entry = code.Table[(int)(reader.Bits & (uint)((1 << code.TableBits) - 1))];
            if (entry == 0)
            {
                entry = DecodeSlow(code, reader.Bits);
            }

            reader.Drop(entry & 15);
            return entry >> 4;
        }

        /// <summary>
        /// Canonical decoding one bit at a time (RFC 1951 3.2.2), for codes longer than the table's bits: returns a table
        /// entry (symbol &lt;&lt; 4 | length). A pattern that is no code gives <see cref="NoSymbol"/> with the longest
        /// code's length (at least 1), the bits zlib reads before it refuses one, so the caller can tell an invalid code
        /// from one cut short by the end of the input.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int DecodeSlow(scoped HuffmanView code, ulong bits)
        {
            int value = 0, first = 0, index = 0, longest = 1;
            for (int length = 1; length <= MaxCodeBits; length++)
            {
                value |= (int)((bits >> (length - 1)) & 1);
                int count = code.Counts[length];
                if (value - first < count)
                {
                    return (code.Symbols[index + value - first] << 4) | length;
                }

                longest = count > 0 ? length : longest;
                index += count;
                first = (first + count) << 1;
                value <<= 1;
            }

            return (NoSymbol << 4) | longest;
        }

        /// <summary>Fails once a bit from past the end of the input has been used.</summary>
        private void CheckTruncation()
        {
            if (_reader.Overran)
            {
                throw Truncated(_written);
            }
        }

        private ImageDecodeException Truncated(int written)
        {
            EndedAfterOutput = written == _output.Length;
            return ImageDecodeException.Malformed("zlib stream ends early.");
        }
    }

    /// <summary>
    /// Bits of the input least significant first, in a 64-bit buffer. Past the end of the input it reads zeros and counts
    /// them in <see cref="Padding"/>; a decoder that used any (<see cref="Overran"/>) has run out of input. Four fields, so
    /// a copy in a local is kept in registers.
    /// </summary>
    private struct BitReader
    {
        /// <summary>Unread bits, least significant first.</summary>
        public ulong Bits;

        /// <summary>How many bits of <see cref="Bits"/> are valid.</summary>
        public int Count;

        /// <summary>How many of the top bits of <see cref="Bits"/> are zeros added past the end of the input.</summary>
        public int Padding;

        /// <summary>The next input byte to load.</summary>
        public int Position;

        public readonly bool Overran => Count < Padding;

        /// <summary>Tops the bit buffer up to more than 48 bits, with zeros past the end of the input.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Refill(ReadOnlySpan<byte> input)
        {
            if (Count > 48)
            {
                return;
            }

            if (input.Length - Position >= 8)
            {
                // Loads 8 bytes; the bytes that do not fit are loaded again (the same bits) by the next refill.
                Bits |= BinaryPrimitives.ReadUInt64LittleEndian(input[Position..]) << Count;
                Position += (63 - Count) >> 3;
                Count |= 56;
                return;
            }

            while (Count <= 56)
            {
                if (Position < input.Length)
                {
                    Bits |= (ulong)input[Position++] << Count;
                }
                else
                {
                    Padding += 8;
                }

                Count += 8;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Take(int bits)
        {
            uint value = (uint)(Bits & ((1UL << bits) - 1));
            Drop(bits);
            return value;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Drop(int bits)
        {
            Bits >>= bits;
            Count -= bits;
        }
    }

    /// <summary>Read-only view of a built code: the lookup table and the canonical counts and symbols.</summary>
    private readonly ref struct HuffmanView(ReadOnlySpan<ushort> table, int tableBits, ReadOnlySpan<short> counts, ReadOnlySpan<short> symbols)
    {
        public readonly ReadOnlySpan<ushort> Table = table;
        public readonly int TableBits = tableBits;
        public readonly ReadOnlySpan<short> Counts = counts;
        public readonly ReadOnlySpan<short> Symbols = symbols;
    }

    /// <summary>
    /// A canonical Huffman code being built into caller-provided storage. Table entries are <c>symbol &lt;&lt; 4 |
    /// length</c> for every code of at most <c>tableBits</c> bits, indexed by the next <c>tableBits</c> input bits; 0 means
    /// "longer code or no code": decode canonically from <c>counts</c> (codes per length) and <c>symbols</c> (sorted by code).
    /// </summary>
    private ref struct Huffman(Span<ushort> table, int tableBits, Span<short> counts, Span<short> symbols)
    {
        private readonly Span<ushort> _table = table;
        private readonly Span<short> _counts = counts;
        private readonly Span<short> _symbols = symbols;

        public readonly HuffmanView View() => new(_table, tableBits, _counts, _symbols);

        /// <summary>
        /// Builds the code from per-symbol lengths (0 = unused). Oversubscribed and incomplete codes are malformed, except
        /// (as zlib allows) a code of a single one-bit symbol, or no symbols at all (a distance code for literal-only data).
        /// </summary>
        public readonly void Build(ReadOnlySpan<byte> lengths, bool allowSingleCode)
        {
            _counts.Clear();
            foreach (byte length in lengths)
            {
                _counts[length]++;
            }

            _counts[0] = 0;
            int left = 1, longest = 0;
            for (int length = 1; length <= MaxCodeBits; length++)
            {
                left = (left << 1) - _counts[length];
                if (left < 0)
                {
                    throw ImageDecodeException.Malformed("deflate code lengths are oversubscribed.");
                }

                longest = _counts[length] > 0 ? length : longest;
            }

            if (left > 0 && longest > 0 && !(allowSingleCode && longest == 1))
            {
                throw ImageDecodeException.Malformed("deflate code lengths are incomplete.");
            }

            // Symbols sorted by (length, value), which is the order of their canonical codes.
            Span<short> offsets = stackalloc short[MaxCodeBits + 2];
            offsets[1] = 0;
            for (int length = 1; length <= MaxCodeBits; length++)
            {
                offsets[length + 1] = (short)(offsets[length] + _counts[length]);
            }

            for (int symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] != 0)
                {
                    _symbols[offsets[lengths[symbol]]++] = (short)symbol;
                }
            }

            _table.Clear();
            int code = 0, index = 0;
            for (int length = 1; length <= tableBits; length++)
            {
                for (int n = 0; n < _counts[length]; n++, code++, index++)
                {
                    int reversed = (int)(ReverseBits((uint)code) >> (32 - length));
                    ushort entry = (ushort)((_symbols[index] << 4) | length);
                    for (int slot = reversed; slot < _table.Length; slot += 1 << length)
                    {
                        _table[slot] = entry;
                    }
                }

                code <<= 1;
            }
        }

        private static uint ReverseBits(uint value)
        {
            value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
            value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
            value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
            value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
            return (value >> 16) | (value << 16);
        }
    }

    /// <summary>The fixed codes of RFC 1951 3.2.6, built once into arrays.</summary>
    private sealed class HuffmanTables
    {
        private readonly ushort[] _table;
        private readonly int _tableBits;
        private readonly short[] _counts = new short[MaxCodeBits + 1];
        private readonly short[] _symbols;

        private HuffmanTables(ReadOnlySpan<byte> lengths, int tableBits)
        {
            _table = new ushort[1 << tableBits];
            _tableBits = tableBits;
            _symbols = new short[lengths.Length];
            new Huffman(_table, tableBits, _counts, _symbols).Build(lengths, allowSingleCode: false);
        }

        public static HuffmanTables Fixed(bool literals)
        {
            if (!literals)
            {
                // All 32 five-bit codes; 30 and 31 are valid codes but invalid distances, refused when decoded.
                Span<byte> distanceLengths = stackalloc byte[32];
                distanceLengths.Fill(5);
                return new HuffmanTables(distanceLengths, DistanceTableBits);
            }

            Span<byte> lengths = stackalloc byte[288];
            lengths[..144].Fill(8);
            lengths[144..256].Fill(9);
            lengths[256..280].Fill(7);
            lengths[280..].Fill(8);
            return new HuffmanTables(lengths, LiteralTableBits);
        }

        public HuffmanView View() => new(_table, _tableBits, _counts, _symbols);
    }
}
