using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DenoiseApi.Imaging.Decoding;
using DenoiseApi.Imaging.Fuzz;
using DenoiseApi.Imaging.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace DenoiseApi.Imaging.Tests.Fuzzing;

/// <summary>
/// Damaged and hostile files (FsCheck-generated mutations of the real corpus, lying headers, decompression bombs) only
/// ever fail with <see cref="ImageDecodeException"/> from ImageSharp's documented failures, finish, and allocate memory
/// bounded by the limits. (ImageSharp takes its large pixel buffers from unmanaged memory, which the managed allocation
/// count does not see: the fuzz command reports the process's peak working set for those.)
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Limits smaller than the defaults so that the memory bound below is tight.</summary>
    private static readonly ImageLimits Limits = new(MaxPixels: 1_048_576, MaxDimension: 4096);

    /// <summary>Generous per-pixel cost (JPEG coefficients + planes, PNG luma + alpha) plus fixed slack.</summary>
    private static readonly long MemoryBound = (64 * Limits.MaxPixels) + (16 << 20);

    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(20);

    private static readonly byte[][] Seeds =
        [.. Corpus.Entries.Where(e => e.Expect is "decode" or "digit" or "unsupported" or "toolarge").Select(e => Corpus.Bytes(e.File))];

    public static TheoryData<string> Formats => new() { "png", "jpeg", "bmp", "pnm", "gif", "webp", "tga" };

    [Fact]
    public void MutatedCorpusFilesOnlyEverFailWithImageDecodeException()
    {
        Gen<Mutation> mutation =
            from kind in Gen.Elements(Enum.GetValues<MutationKind>())
            from position in Gen.Choose(0, int.MaxValue)
            from value in Gen.Choose(0, int.MaxValue)
            from count in Gen.Choose(0, int.MaxValue)
            select new Mutation(kind, position, value, count);
        Gen<(int Seed, Mutation[] Mutations, bool RepairCrcs)> cases =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from mutations in Gen.ArrayOf(mutation).Where(m => m.Length is > 0 and <= 4)
            from repair in Gen.Elements(true, false)
            select (seed, mutations, repair);

        Property property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            byte[] data = Seeds[c.Seed];
            foreach (Mutation m in c.Mutations)
            {
                data = m.Apply(data);
            }

            if (c.RepairCrcs)
            {
                data = Mutation.RepairPngCrcs(data);
            }

            DecodeOutcome outcome = DecodeHarness.Run(data, Limits, Watchdog, TimeSpan.FromSeconds(2));
            Assert.True(outcome.IsAcceptable, $"{outcome.Kind}: {outcome.Exception}");
            Assert.True(outcome.AllocatedBytes <= MemoryBound, $"{outcome.Kind} {outcome.ErrorKind} allocated {outcome.AllocatedBytes:N0} bytes.");
            return true;
        }).Label("decoding only fails with ImageDecodeException, finishes, and stays within the memory bound");

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), property);
    }

    /// <summary>Inputs the fuzz command once found crashing the decoder (see FuzzRegressions/README.md).</summary>
    public static TheoryData<string> FuzzRegressions =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "FuzzRegressions"), "*.bin").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(FuzzRegressions))]
    public void InputsThatOnceCrashedTheDecoderAreRefusedCleanly(string file)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FuzzRegressions", file));

        DecodeOutcome outcome = DecodeHarness.Run(data, ImageLimits.Default, Watchdog, TimeSpan.FromSeconds(2));

        Assert.True(outcome.IsAcceptable, $"{file}: {outcome.Kind} {outcome.Exception}");
    }

    public static TheoryData<string> InterlacedPngs =>
        new(Corpus.Entries.Where(e => e.File.StartsWith("png-", StringComparison.Ordinal) && e.File.Contains("interlaced", StringComparison.Ordinal)).Select(e => e.File));

    [Theory]
    [MemberData(nameof(InterlacedPngs))]
    public void InterlacedPngWhoseImageDataEndsEarlyIsRefusedAsTruncatedWithoutADeadline(string file)
    {
        // ImageSharp 2.1.13 never returns on such a file (see InterlacedPngRepacker); no deadline is needed to refuse it.
        byte[] png = WithImageData(Corpus.Bytes(file), inflated => inflated[..(inflated.Length * 2 / 3)], trailing: []);

        DecodeOutcome outcome = DecodeHarness.Run(png, ImageLimits.Default, Watchdog);

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(ImageErrorKind.Malformed, outcome.ErrorKind);
        Assert.Contains("truncated", outcome.Exception!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InterlacedPngs))]
    public void CompleteInterlacedPngFollowedByASecondRunOfImageDataIsRefused(string file)
    {
        // After a complete image ImageSharp 2.1.13 starts a second IDAT run at pass 1 and spins when it is short.
        byte[] png = WithImageData(Corpus.Bytes(file), inflated => inflated, trailing: [.. Chunk("tEXt", "Comment\0x"u8.ToArray()), .. Chunk("IDAT", ZlibOf([0, 0, 0]))]);

        DecodeOutcome outcome = DecodeHarness.Run(png, ImageLimits.Default, Watchdog);

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("not consecutive", outcome.Exception!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InterlacedPngs))]
    public void InterlacedPngWithTrailingChunksAndSplitImageDataDecodesAsTheOriginal(string file)
    {
        byte[] original = Corpus.Bytes(file);
        byte[] reshaped = WithImageData(original, inflated => inflated, trailing: Chunk("tEXt", "Comment\0x"u8.ToArray()), splitAt: 7);

        Assert.Equal(ImageDecoder.DecodeGray(original).Pixels, ImageDecoder.DecodeGray(reshaped).Pixels);
    }

    [Theory]
    [MemberData(nameof(InterlacedPngs))]
    public void RepackedInterlacedPngEndsInItsImageDataWithATailNoChunkHeaderCanBeReadFrom(string file)
    {
        byte[] repacked = InterlacedPngRepacker.Repack(Corpus.Bytes(file), CancellationToken.None);

        List<int> chunks = Mutation.PngChunkStarts(repacked);
        int last = chunks[^1];
        int length = BinaryPrimitives.ReadInt32BigEndian(repacked.AsSpan(last));
        Assert.Equal("IDAT"u8.ToArray(), repacked[(last + 4)..(last + 8)]);
        Assert.Equal(repacked.Length, last + 12 + length);
        Assert.All(repacked[^12..^4], b => Assert.True(b >= 0x80));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(repacked.AsSpan(repacked.Length - 4)) < 0);
        Assert.Equal(Mutation.RepairPngCrcs([.. repacked]), repacked);
    }

    [Fact]
    public void EveryTruncationOfEveryCorpusFileFailsCleanly()
    {
        foreach (CorpusEntry entry in Corpus.Entries.Where(e => e.Expect is "decode" or "digit" && e.Width * e.Height < 2000))
        {
            byte[] data = Corpus.Bytes(entry.File);
            for (int length = 0; length < data.Length; length++)
            {
                DecodeOutcome outcome = DecodeHarness.Run(data[..length], Limits, Watchdog);
                Assert.True(outcome.IsAcceptable, $"{entry.File} cut at {length}: {outcome.Kind} {outcome.Exception}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void HeaderClaimingFiftyThousandSquaredIsTooLargeInEveryFormat(string format)
    {
        byte[] data = ClaimSize(format, 50_000, 50_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(data, ImageLimits.Default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
        int side = format switch { "webp" => 16_384, "tga" => short.MaxValue, _ => 50_000 }; // the most each can state
        Assert.Equal((side, side), (ImageDecoder.Probe(data).Width, ImageDecoder.Probe(data).Height));
        Assert.True(allocated < 256 * 1024, $"{format}: refusing the header allocated {allocated} bytes.");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void LimitsConfiguredAboveTheCeilingStillRefuseHugeHeaders(string format)
    {
        var unlimited = new ImageLimits(long.MaxValue, int.MaxValue);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(ClaimSize(format, 50_000, 50_000), unlimited));

        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void DecompressionBombInflatesNoFurtherThanTheImageNeeds()
    {
        // A 100x100 gray PNG whose zlib stream would inflate to 64 MiB.
        byte[] png = Png(100, 100, inflatedSize: 64 << 20);

        long before = GC.GetAllocatedBytesForCurrentThread();
        GrayImage image = ImageDecoder.DecodeGray(png, ImageLimits.Default);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((100, 100), (image.Width, image.Height));
        Assert.All(image.Pixels, v => Assert.Equal(0f, v));
        Assert.True(allocated < 1 << 20, $"Decoding allocated {allocated} bytes.");
    }

    [Fact]
    public void TinyStreamClaimingAHugeImageIsRefusedByThePixelLimitBeforeAllocatingIt()
    {
        // 4000x4000 is over these limits; 200 bytes of deflate cannot hold 16 MB of scanlines, but ImageSharp would
        // allocate the image before finding that out (and fill the missing rows): only the limit protects.
        byte[] png = Png(4000, 4000, inflatedSize: 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(png, Limits));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
        Assert.True(allocated < 256 * 1024, $"Refusing allocated {allocated} bytes.");
    }

    [Fact]
    public void TinyStreamClaimingAnImageWithinTheLimitsDecodesOrFailsCleanly()
    {
        DecodeOutcome outcome = DecodeHarness.Run(Png(1000, 1000, inflatedSize: 100), Limits, Watchdog);

        Assert.True(outcome.IsAcceptable, $"{outcome.Kind} {outcome.Exception}");
    }

    [Fact]
    public void JpegOfThousandsOfEmptyScansIsRefusedBeforeDecoding()
    {
        // A real baseline JPEG whose frame claims 4000x4000 and whose one scan header is repeated 5,000 times with no
        // data: decoding every block of every scan would be 5,000 x 250,000 blocks of padding zeros.
        byte[] jpeg = Corpus.Bytes("jpeg-gray-baseline.jpg");
        int sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 4000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 4000);
        int sos = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        int sosLength = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2)) + 2;
        byte[] scanHeader = jpeg[sos..(sos + sosLength)];
        byte[] hostile = [.. jpeg[..sos], .. Enumerable.Repeat(scanHeader, 5000).SelectMany(b => b), 0xFF, 0xD9];

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(hostile, ImageLimits.Default));

        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
        Assert.Contains("5000 scans", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodingStopsWhenCancelled()
    {
        byte[] jpeg = Corpus.Bytes("bench-1mp.jpg");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ImageDecoder.DecodeGray(jpeg, ImageLimits.Default, cancelled.Token));
    }

    [Fact]
    public void EmptyAndForeignBytesAreMalformed()
    {
        foreach (byte[] data in new[] { Array.Empty<byte>(), "hello world"u8.ToArray(), "%PDF-1.7"u8.ToArray(), new byte[] { 0xFF } })
        {
            Assert.Equal(ImageErrorKind.Malformed, Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(data, ImageLimits.Default)).Kind);
            Assert.Equal(ImageErrorKind.Malformed, Assert.Throws<ImageDecodeException>(() => ImageDecoder.Probe(data)).Kind);
        }
    }

    [Fact]
    public void ZeroSizedBitmapsAreEmpty()
    {
        byte[] pgm = Encoding.ASCII.GetBytes("P5\n0 7\n255\n");

        Assert.Equal(ImageErrorKind.Empty, Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(pgm, ImageLimits.Default)).Kind);
    }

    /// <summary>A real corpus file of <paramref name="format"/> with its size fields rewritten.</summary>
    private static byte[] ClaimSize(string format, int width, int height)
    {
        switch (format)
        {
            case "png":
                return Corpus.Bytes("huge-50000x50000.png");
            case "bmp":
            {
                byte[] bmp = Corpus.Bytes("bmp-24.bmp");
                BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
                BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
                return bmp;
            }

            case "jpeg":
            {
                byte[] jpeg = Corpus.Bytes("jpeg-gray-baseline.jpg");
                int sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
                return jpeg;
            }

            case "gif":
            {
                byte[] gif = Corpus.Bytes("gif-palette.gif");
                BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(6), (ushort)width);
                BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(8), (ushort)height);
                return gif;
            }

            case "webp":
            {
                // VP8L (lossless) header: 14-bit width - 1 and height - 1 after the signature byte; at most 16,384.
                byte[] webp = Corpus.Bytes("webp-lossless.webp");
                int vp8l = webp.AsSpan().IndexOf("VP8L"u8);
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(vp8l + 9));
                bits = (bits & 0xF0000000u) | (uint)(Math.Min(width, 16_384) - 1) | ((uint)(Math.Min(height, 16_384) - 1) << 14);
                BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(vp8l + 9), bits);
                return webp;
            }

            case "tga":
                // ImageSharp reads the TGA size as signed 16-bit: 32,767 is the most a header can claim.
                (width, height) = (Math.Min(width, short.MaxValue), Math.Min(height, short.MaxValue));
                return [0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 8, 0, 0, 0, 0, 0];

            default:
                return Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n\0\0\0\0");
        }
    }

    /// <summary>A gray 8-bit PNG whose (all-zero) zlib stream inflates to <paramref name="inflatedSize"/> bytes.</summary>
    private static byte[] Png(int width, int height, int inflatedSize)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (int left = inflatedSize; left > 0; left -= zeros.Length)
            {
                zlib.Write(zeros, 0, Math.Min(left, zeros.Length));
            }
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        byte[] file = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
        return Mutation.RepairPngCrcs(file);
    }

    /// <summary>
    /// <paramref name="png"/> with its image data inflated, changed by <paramref name="change"/> and compressed again
    /// into one IDAT (or two, split at <paramref name="splitAt"/> bytes), followed by <paramref name="trailing"/> chunks
    /// and IEND; the chunks before the image data are kept.
    /// </summary>
    private static byte[] WithImageData(byte[] png, Func<byte[], byte[]> change, byte[] trailing, int splitAt = 0)
    {
        List<int> starts = Mutation.PngChunkStarts(png);
        int firstData = starts.First(s => png.AsSpan(s + 4, 4).SequenceEqual("IDAT"u8));
        using var zlib = new MemoryStream();
        foreach (int start in starts.Where(s => png.AsSpan(s + 4, 4).SequenceEqual("IDAT"u8)))
        {
            zlib.Write(png, start + 8, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(start)));
        }

        zlib.Position = 0;
        using var inflated = new MemoryStream();
        using (var inflater = new ZLibStream(zlib, CompressionMode.Decompress))
        {
            inflater.CopyTo(inflated);
        }

        byte[] compressed = ZlibOf(change(inflated.ToArray()));
        byte[] data = splitAt > 0
            ? [.. Chunk("IDAT", compressed[..splitAt]), .. Chunk("IDAT", compressed[splitAt..])]
            : Chunk("IDAT", compressed);
        return Mutation.RepairPngCrcs([.. png[..firstData], .. data, .. trailing, .. Chunk("IEND", [])]);
    }

    private static byte[] ZlibOf(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static byte[] Chunk(string type, byte[] payload)
    {
        var chunk = new byte[12 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, payload.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        payload.CopyTo(chunk, 8);
        return chunk;
    }
}
