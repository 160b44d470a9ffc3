using System.IO.Compression;
using DenoiseApi.Imaging.Png;

namespace DenoiseApi.Imaging.Tests.Decoding;

/// <summary>
/// The own zlib inflater against .NET's zlib deflater (an independent encoder) at every level, stored blocks included,
/// against the fixed-code writer, and against hand-made malformed streams.
/// </summary>
public sealed class ZlibInflaterTests
{
    public static TheoryData<string, byte[]> Inputs()
    {
        var random = new Random(11);
        var noise = new byte[100_000]; // incompressible: stored blocks (each at most 65,535 bytes) at every level
        random.NextBytes(noise);
        var farMatch = new byte[70_000]; // a random 32 KiB block repeated: matches at distance 32768
        random.NextBytes(farMatch.AsSpan(0, 32768));
        for (int i = 32768; i < farMatch.Length; i++) farMatch[i] = farMatch[i - 32768];
        var periodic = new byte[5000]; // period 3: overlapping matches at distance 3
        for (int i = 0; i < periodic.Length; i++) periodic[i] = (byte)(i % 3 * 70);
        var mixed = new byte[300_000]; // text, runs and noise: several dynamic blocks
        for (int i = 0; i < mixed.Length; i++)
        {
            mixed[i] = (i / 10_000 % 3) switch
            {
                0 => (byte)"the quick brown fox jumps over the lazy dog "[i % 44],
                1 => (byte)(i / 700 % 2 * 255),
                _ => (byte)random.Next(256),
            };
        }

        var alphabet = new byte[20_000]; // all 256 literals with skewed frequencies: long dynamic codes
        for (int i = 0; i < alphabet.Length; i++) alphabet[i] = (byte)Math.Min(255, (int)(-Math.Log(1 - random.NextDouble()) * 12));
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "one byte", [42] },
            { "run of 1000 (matches at distance 1, longer than 258)", Enumerable.Repeat((byte)7, 1000).ToArray() },
            { "period 3", periodic },
            { "distance 32768", farMatch },
            { "random", noise },
            { "several blocks", mixed },
            { "skewed alphabet", alphabet },
        };
    }

    public static TheoryData<string, byte[], CompressionLevel> InputsAtEveryLevel()
    {
        var data = new TheoryData<string, byte[], CompressionLevel>();
        foreach (var row in Inputs())
        {
            foreach (CompressionLevel level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
            {
                data.Add((string)row[0], (byte[])row[1], level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InputsAtEveryLevel))]
    public void InflatesWhatZlibDeflated(string name, byte[] input, CompressionLevel level)
    {
        byte[] compressed = Deflate(input, level);

        Assert.True(Inflate(compressed, input.Length).AsSpan().SequenceEqual(input), $"{name} at {level}");
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void InflatesTheFixedCodeWriter(string name, byte[] input)
    {
        byte[] compressed = FixedHuffmanZlib.Compress(input);

        Assert.True(Inflate(compressed, input.Length).AsSpan().SequenceEqual(input), name);
    }

    [Fact]
    public void AcceptsAStreamWithoutItsAdler32Trailer()
    {
        byte[] input = "hello hello hello"u8.ToArray();
        byte[] compressed = Deflate(input, CompressionLevel.Optimal);

        Assert.Equal(input, Inflate(compressed[..^4], input.Length));
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void StopsReadingOnceTheOutputIsFull(CompressionLevel level)
    {
        // As the PNG decoder's exact reads through ZLibStream did: a stream holding more data than the image needs
        // gives its first bytes, and what follows them (here cut off in the middle of a block) is never read.
        var random = new Random(2);
        byte[] input = Enumerable.Range(0, 3000).Select(_ => (byte)random.Next(4)).ToArray();
        byte[] compressed = Deflate(input, level);

        foreach (int length in new[] { 1, 2, 100, 1000, 2000 })
        {
            Assert.Equal(input[..length], Inflate(compressed[..^50], length));
        }
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void AWrongAdler32TrailerIsMalformedOnlyWhenTheStreamEndsWithTheOutput(CompressionLevel level)
    {
        // ZLibStream's zlib reads on to a trailer it holds; it never reaches it when the stream has more data than read.
        byte[] input = "hello hello hello"u8.ToArray();
        byte[] compressed = Deflate(input, level);
        compressed[^1] ^= 0xFF;

        var error = Assert.Throws<ImageDecodeException>(() => Inflate(compressed, input.Length));
        Assert.Equal(ImageErrorKind.Malformed, error.Kind);
        Assert.Equal(input[..^1], Inflate(compressed, input.Length - 1));
    }

    [Fact]
    public void AnInvalidCodeRightAfterTheOutputIsMalformed()
    {
        // Literal 0, then the fixed literal/length code 286: zlib decodes the code before it finds the output full.
        byte[] stream = FixedBlock((0, 8, 0x30), (286, 8, 0b11000110));

        var error = Assert.Throws<ImageDecodeException>(() => Inflate(stream, 1));
        Assert.Equal(ImageErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public void ADistanceCodeCutShortByTheEndOfTheInputIsTruncationNotAnInvalidCode()
    {
        // Found by the differential fuzz (seed 31): a fixed block with the literal 0x1B, a length code, then the input
        // ends inside the distance code, whose real bits and zero padding read as the invalid code 30. zlib (here
        // ZLibStream, and Python's zlib too) waits for more input instead; as the output is full, the read succeeds.
        byte[] stream = [0x78, 0x01, 0x93, 0xC6, 0xFF];

        Assert.Equal(new byte[] { 0x1B }, Inflate(stream, 1));
    }

    [Fact]
    public void AValidLiteralAfterTheOutputIsNotRead()
    {
        // Literal 0, literal 1, then the invalid code 286 that is never reached.
        byte[] stream = FixedBlock((0, 8, 0x30), (1, 8, 0x31), (286, 8, 0b11000110));

        Assert.Equal(new byte[] { 0 }, Inflate(stream, 1));
    }

    [Fact]
    public void Adler32MatchesTheBytewiseDefinitionAtEveryLengthAndAlignment()
    {
        var random = new Random(9);
        var data = new byte[20_000];
        random.NextBytes(data);
        data.AsSpan(0, 6000).Fill(255); // the largest sums: where an overflow would show
        foreach (int start in new[] { 0, 1, 7 })
        {
            for (int length = 0; length < 300; length++)
            {
                Assert.Equal(BytewiseAdler32(data.AsSpan(start, length)), Adler32.Compute(data.AsSpan(start, length)));
            }

            foreach (int length in new[] { 5535, 5536, 5537, 5552, 5553, 11_104, 11_105, 19_000 })
            {
                Assert.Equal(BytewiseAdler32(data.AsSpan(start, length)), Adler32.Compute(data.AsSpan(start, length)));
            }
        }
    }

    public static TheoryData<string, byte[], int> MalformedStreams()
    {
        byte[] hello = Deflate("hello hello hello hello"u8.ToArray(), CompressionLevel.Optimal);
        byte[] stored = Deflate("stored bytes"u8.ToArray(), CompressionLevel.NoCompression);
        byte[] storedBadComplement = (byte[])stored.Clone();
        storedBadComplement[5] ^= 1; // LEN is at 3..4 (after the header and the block-header byte), NLEN at 5..6
        return new TheoryData<string, byte[], int>
        {
            { "empty input", [], 1 },
            { "one header byte", [0x78], 1 },
            { "not deflate (method 7)", [0x77, HeaderCheck(0x77, 0x00), 0x03, 0x00], 1 },
            { "window over 32 KiB", [0x88, HeaderCheck(0x88, 0x00), 0x03, 0x00], 1 },
            { "header check fails", [0x78, 0x02, 0x03, 0x00], 1 },
            { "preset dictionary", [0x78, HeaderCheck(0x78, 0x20), 0, 0, 0, 1, 0x03, 0x00], 1 },
            { "reserved block type 3", [0x78, 0x01, 0b111, 0, 0, 0, 0], 1 },
            { "stored length without its complement", storedBadComplement, 12 },
            { "truncated stored block", stored[..^8], 12 },
            { "truncated compressed block", hello[..^8], 23 },
            { "only the header", hello[..2], 23 },
            { "output shorter than expected", hello, 24 },
            // Fixed block: distance code 30 (valid code, invalid distance); literal/length code 286.
            { "fixed distance code 30", FixedBlock((0, 8, 0x30), (257, 7, 0b0000001), (30, 5, 0b11110)), 3 },
            { "fixed literal/length code 286", FixedBlock((286, 8, 0b11000110)), 3 },
            { "distance before the start", FixedBlock((0, 8, 0x30), (257, 7, 0b0000001), (1, 5, 0b00001)), 4 },
            { "dynamic: too many length codes", Dynamic(hlit: 30, hdist: 0, hclen: 15, []), 1 },
            { "dynamic: too many distance codes", Dynamic(hlit: 0, hdist: 30, hclen: 15, []), 1 },
            { "dynamic: oversubscribed code-length code", Dynamic(0, 0, 15, [1, 1, 1]), 1 },
            { "dynamic: incomplete code-length code", Dynamic(0, 0, 15, [2, 2, 2]), 1 },
            { "dynamic: no code-length code", Dynamic(0, 0, 15, []), 1 },
            { "dynamic: repeat before the first length", DynamicRepeatFirst(), 1 },
            { "dynamic: repeat past the end", DynamicRepeatPastEnd(), 1 },
            { "dynamic: no end-of-block code", DynamicLengths(Lengths((0, 256, 8)), [1]), 1 },
            { "dynamic: oversubscribed literal code", DynamicLengths(Lengths((0, 257, 8), (257, 1, 1)), [1]), 1 },
            { "dynamic: incomplete literal code", DynamicLengths(Lengths((0, 200, 8), (200, 57, 0), (256, 1, 8)), [1]), 1 },
            { "dynamic: incomplete distance code", DynamicLengths(Lengths((0, 256, 9), (256, 1, 1)), [2, 2, 2]), 1 },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedStreams))]
    public void MalformedStreamsAreRefusedAsMalformed(string name, byte[] stream, int expectedLength)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ZlibInflater.Inflate(stream, new byte[expectedLength]));

        Assert.True(error.Kind == ImageErrorKind.Malformed, $"{name}: {error.Kind} {error.Message}");
    }

    [Fact]
    public void EveryTruncationOfEveryLevelIsMalformedOrComplete()
    {
        byte[] input = new byte[3000];
        var random = new Random(5);
        for (int i = 0; i < input.Length; i++) input[i] = (byte)(random.Next(6) * 40);
        foreach (CompressionLevel level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.SmallestSize })
        {
            byte[] compressed = Deflate(input, level);
            for (int cut = 0; cut < compressed.Length; cut++)
            {
                var output = new byte[input.Length];
                try
                {
                    ZlibInflater.Inflate(compressed.AsSpan(0, cut), output);
                    // Accepted only when everything but the end of the stream was there, and then it is all right.
                    Assert.Equal(input, output);
                }
                catch (ImageDecodeException e)
                {
                    Assert.Equal(ImageErrorKind.Malformed, e.Kind);
                }
            }
        }
    }

    [Fact]
    public void RandomBytesAfterAValidHeaderAreRefusedOrDecodedWithoutOtherExceptions()
    {
        var random = new Random(3);
        var output = new byte[2000];
        for (int n = 0; n < 20_000; n++)
        {
            var stream = new byte[2 + random.Next(300)];
            random.NextBytes(stream);
            stream[0] = 0x78;
            stream[1] = 0x9C;
            try
            {
                ZlibInflater.Inflate(stream, output.AsSpan(0, random.Next(output.Length)));
            }
            catch (ImageDecodeException e)
            {
                Assert.Equal(ImageErrorKind.Malformed, e.Kind);
            }
        }
    }

    private static byte[] Inflate(byte[] compressed, int length)
    {
        var output = new byte[length];
        ZlibInflater.Inflate(compressed, output);
        return output;
    }

    private static byte[] Deflate(byte[] data, CompressionLevel level)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    /// <summary>Second header byte for <paramref name="cmf"/> with the given flag bits and a valid check.</summary>
    private static byte HeaderCheck(int cmf, int flags) => (byte)(flags + ((31 - (((cmf << 8) | flags) % 31)) % 31));

    /// <summary>A zlib stream of one final fixed-code block: each item is (symbol, bit count, code MSB first) or raw bits.</summary>
    private static byte[] FixedBlock(params (int Symbol, int Bits, int Code)[] codes)
    {
        var bits = new BitList();
        bits.Add(1, 1);
        bits.Add(1, 2);
        foreach (var (_, count, code) in codes) bits.AddHuffman(code, count);
        return bits.ToZlib();
    }

    /// <summary>A dynamic block header with the given counts and code-length-code lengths (in RFC order), nothing more.</summary>
    private static byte[] Dynamic(int hlit, int hdist, int hclen, int[] codeLengthLengths)
    {
        var bits = new BitList();
        bits.Add(1, 1);
        bits.Add(2, 2);
        bits.Add(hlit, 5);
        bits.Add(hdist, 5);
        bits.Add(hclen, 4);
        for (int i = 0; i < hclen + 4; i++) bits.Add(i < codeLengthLengths.Length ? codeLengthLengths[i] : 0, 3);
        bits.Add(0, 64);
        return bits.ToZlib();
    }

    /// <summary>Code-length code 16 (repeat previous) as the very first symbol.</summary>
    private static byte[] DynamicRepeatFirst()
    {
        // Code-length code: symbols 16 and 0 of one bit each (RFC order starts 16, 17, 18, 0).
        var bits = DynamicHeader(0, 0, [1, 0, 0, 1]);
        bits.AddHuffman(1, 1); // symbol 0 has code 0, 16 has code 1 (canonical: lower symbol first)
        bits.Add(0, 2);
        bits.Add(0, 64);
        return bits.ToZlib();
    }

    /// <summary>Code-length code 18 (repeat zero 11..138 times) running past the 258 lengths declared.</summary>
    private static byte[] DynamicRepeatPastEnd()
    {
        // Code-length code: symbols 18 and 0 of one bit each; 0 → code 0, 18 → code 1.
        var bits = DynamicHeader(0, 0, [0, 0, 1, 1]);
        bits.AddHuffman(1, 1);
        bits.Add(127, 7); // 138 zeros
        bits.AddHuffman(1, 1);
        bits.Add(127, 7); // 276 > 258
        bits.Add(0, 64);
        return bits.ToZlib();
    }

    /// <summary>Literal/length code lengths built from (first symbol, count, length) runs over 257 symbols.</summary>
    private static byte[] Lengths(params (int First, int Count, int Length)[] literals)
    {
        var lengths = new byte[257];
        foreach (var (first, count, length) in literals)
        {
            for (int i = first; i < first + count && i < lengths.Length; i++) lengths[i] = (byte)length;
        }

        return lengths;
    }

    /// <summary>
    /// A dynamic block whose 257 literal/length and given distance code lengths are sent literally with a code-length code
    /// that gives every length 0..15 a 4-bit code (complete: 16 codes of 4 bits).
    /// </summary>
    private static byte[] DynamicLengths(byte[] literalLengths, int[] distanceLengths)
    {
        // RFC order: 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 — lengths for 0..15 all 4.
        var bits = DynamicHeader(literalLengths.Length - 257, distanceLengths.Length - 1, [0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
        foreach (byte length in literalLengths) bits.AddHuffman(length, 4); // symbol s has canonical code s
        foreach (int length in distanceLengths) bits.AddHuffman(length, 4);
        bits.Add(0, 64);
        return bits.ToZlib();
    }

    private static BitList DynamicHeader(int hlit, int hdist, int[] codeLengthLengths)
    {
        var bits = new BitList();
        bits.Add(1, 1);
        bits.Add(2, 2);
        bits.Add(hlit, 5);
        bits.Add(hdist, 5);
        bits.Add(codeLengthLengths.Length - 4, 4);
        foreach (int length in codeLengthLengths) bits.Add(length, 3);
        return bits;
    }

    /// <summary>Deflate's bit order: fields least significant bit first, Huffman codes most significant bit first.</summary>
    private sealed class BitList
    {
        private readonly List<bool> _bits = [];

        public void Add(int value, int count)
        {
            for (int i = 0; i < count; i++) _bits.Add(((value >> i) & 1) != 0);
        }

        public void AddHuffman(int code, int count)
        {
            for (int i = count - 1; i >= 0; i--) _bits.Add(((code >> i) & 1) != 0);
        }

        public byte[] ToZlib()
        {
            var bytes = new byte[2 + ((_bits.Count + 7) / 8)];
            bytes[0] = 0x78;
            bytes[1] = 0x01;
            for (int i = 0; i < _bits.Count; i++)
            {
                if (_bits[i]) bytes[2 + (i / 8)] |= (byte)(1 << (i % 8));
            }

            return bytes;
        }
    }

    /// <summary>Adler-32 by its definition (RFC 1950 8.2), one byte at a time.</summary>
    private static uint BytewiseAdler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
