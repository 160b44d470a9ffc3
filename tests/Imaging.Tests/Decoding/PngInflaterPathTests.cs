using DenoiseApi.Imaging.Fuzz;
using DenoiseApi.Imaging.Png;
using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Decoding;

/// <summary>
/// The PNG decoder's two ways to inflate (the own inflater for small images, ZLibStream for large ones) forced onto the
/// same files: every corpus PNG, and thousands of damaged ones, get the same pixels or the same refusal from both.
/// </summary>
public sealed class PngInflaterPathTests
{
    private const int Always = int.MaxValue;
    private const int Never = 0;

    public static TheoryData<string> CorpusPngs =>
        new(Corpus.Entries.Where(e => e.File.EndsWith(".png", StringComparison.Ordinal) && e.Expect == "decode").Select(e => e.File));

    [Theory]
    [MemberData(nameof(CorpusPngs))]
    public void BothInflatersGiveIdenticalPixels(string file)
    {
        byte[] png = Corpus.Bytes(file);

        GrayImage own = PngDecoder.Decode(png, ImageLimits.Default, Always);
        GrayImage zlib = PngDecoder.Decode(png, ImageLimits.Default, Never);

        Assert.Equal((zlib.Width, zlib.Height), (own.Width, own.Height));
        Assert.True(own.Pixels.AsSpan().SequenceEqual(zlib.Pixels), file);
    }

    [Fact]
    public void DamagedPngsGetTheSameOutcomeFromBothInflaters()
    {
        byte[][] seeds = [.. Corpus.Entries.Where(e => e.File.EndsWith(".png", StringComparison.Ordinal) && e.Expect == "decode")
            .Select(e => Corpus.Bytes(e.File)).Where(png => png.Length < 8 * 1024)];
        var random = new Random(17);
        int refused = 0;
        for (int n = 0; n < 5000; n++)
        {
            byte[] png = seeds[random.Next(seeds.Length)];
            for (int m = 1 + random.Next(3); m > 0; m--) png = Mutation.Random(random).Apply(png);
            png = Mutation.RepairPngCrcs(png); // so the damage reaches the zlib stream

            (float[]? ownPixels, ImageErrorKind? ownError) = Outcome(png, Always);
            (float[]? zlibPixels, ImageErrorKind? zlibError) = Outcome(png, Never);

            Assert.True(ownError == zlibError, $"input {n}: own {ownError?.ToString() ?? "decoded"}, ZLibStream {zlibError?.ToString() ?? "decoded"}");
            Assert.True(ownPixels is null || ownPixels.AsSpan().SequenceEqual(zlibPixels), $"input {n}: pixels differ");
            refused += ownError is null ? 0 : 1;
        }

        // Both branches were exercised: damage that still decodes, and damage that is refused.
        Assert.True(refused >= 100 && refused <= 4900, $"{refused} of 5000 refused");
    }

    private static (float[]? Pixels, ImageErrorKind? Error) Outcome(byte[] png, int ownInflaterMaxBytes)
    {
        try
        {
            return (PngDecoder.Decode(png, ImageLimits.Default, ownInflaterMaxBytes).Pixels, null);
        }
        catch (ImageDecodeException e)
        {
            return (null, e.Kind);
        }
    }
}
