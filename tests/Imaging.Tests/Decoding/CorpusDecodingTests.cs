using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Decoding;

/// <summary>Every real variant in the corpus decodes to the luma its independent encoder's own decoder reports.</summary>
public sealed class CorpusDecodingTests
{
    public static TheoryData<string> Decodable => Corpus.Files("decode");

    public static TheoryData<string> Unsupported => Corpus.Files("unsupported");

    public static TheoryData<string> Quantised => Corpus.Files("digit");

    [Theory]
    [MemberData(nameof(Decodable))]
    [MemberData(nameof(Quantised))]
    public void ProbeReportsWhatTheEncoderWrote(string file)
    {
        CorpusEntry entry = Corpus.Entry(file);

        ImageInfo info = ImageDecoder.Probe(Corpus.Bytes(file));

        Assert.Equal(Enum.Parse<ImageFormat>(entry.Format!), info.Format);
        Assert.Equal((entry.Width, entry.Height), (info.Width, info.Height));
    }

    [Theory]
    [MemberData(nameof(Decodable))]
    public void DecodesToTheReferenceLuma(string file)
    {
        CorpusEntry entry = Corpus.Entry(file);
        (int width, int height, float[] expected) = ReferencePgm.Read(entry.Reference!);

        GrayImage image = ImageDecoder.DecodeGray(Corpus.Bytes(file), ImageLimits.Default);

        Assert.Equal((width, height), (image.Width, image.Height));
        double worst = 0;
        double total = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(expected[i] - image.Pixels[i]);
            total += difference;
            if (difference > worst)
            {
                (worst, worstIndex) = (difference, i);
            }
        }

        // References are 8- or 16-bit and rounded by the tool; the tolerance is in 1/255 steps, plus half a step. A colour
        // JPEG's reference is libjpeg's Y channel; ImageSharp hands out RGB, clamped to [0, 255], whose BT.601 luma is Y
        // except where clamping cuts a saturated colour (dark pixels at the digit's coloured edge): there up to 17/255.
        bool colourJpeg = entry.Format == "Jpeg" && !file.Contains("gray", StringComparison.Ordinal);
        double allowed = ((colourJpeg ? 17 : entry.Tolerance) + 0.5) / 255.0;
        Assert.True(worst <= allowed,
            $"{file}: pixel ({worstIndex % width}, {worstIndex / width}) is {image.Pixels[worstIndex] * 255:F2}/255, reference {expected[worstIndex] * 255:F2}/255.");
        Assert.True(total / expected.Length <= 1.0 / 255, $"{file}: mean difference {total / expected.Length * 255:F3}/255.");
    }

    [Theory]
    [MemberData(nameof(Quantised))]
    public void PaletteQuantisedFilesShowTheDigitOfTheirSource(string file)
    {
        (_, _, float[] source) = ReferencePgm.Read("png-rgb8.png.ref.pgm.gz");

        GrayImage image = ImageDecoder.DecodeGray(Corpus.Bytes(file), ImageLimits.Default);

        Assert.Equal((37, 29), (image.Width, image.Height));
        Assert.True(Images.Correlation(source, image.Pixels) > 0.95, $"{file}: correlation {Images.Correlation(source, image.Pixels):F3}");
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void RecognisedButUnsupportedFeaturesAreRefusedAsUnsupported(string file)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(Corpus.Bytes(file), ImageLimits.Default));

        Assert.Equal(ImageErrorKind.Unsupported, error.Kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TgaWrittenByTheSpecDecodesToItsLevels(bool colour)
    {
        (int width, int height, float[] reference) = ReferencePgm.Read("png-rgb8.png.ref.pgm.gz");
        byte[] levels = [.. reference.Select(v => (byte)MathF.Round(v * 255))];
        byte[] tga = TestFiles.Tga(width, height, levels, colour);

        GrayImage image = ImageDecoder.DecodeGray(tga, ImageLimits.Default);

        Assert.Equal(ImageFormat.Tga, ImageDecoder.Probe(tga).Format);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.All(Enumerable.Range(0, levels.Length), i => Assert.Equal(levels[i] / 255f, image.Pixels[i], 1e-5f));
    }

    [Theory]
    [InlineData("II*\0")]
    [InlineData("MM\0*")]
    public void TiffIsRecognisedAndRefused(string magic)
    {
        byte[] tiff = [.. System.Text.Encoding.ASCII.GetBytes(magic), 8, 0, 0, 0, 0, 0, 0, 0];

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(tiff, ImageLimits.Default));

        Assert.Equal(ImageErrorKind.Unsupported, error.Kind);
        Assert.Contains("TIFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderClaimingFiftyThousandSquaredIsTooLargeBeforeAnyPixelIsDecoded()
    {
        byte[] data = Corpus.Bytes("huge-50000x50000.png");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(data, ImageLimits.Default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
        Assert.Equal((50_000, 50_000), (ImageDecoder.Probe(data).Width, ImageDecoder.Probe(data).Height));
        Assert.True(allocated < 256 * 1024, $"Refusing the header allocated {allocated} bytes; no pixel buffer may be created.");
    }

    [Fact]
    public void SupportedFormatsAreTheAcceptedSevenWithImageMediaTypes()
    {
        var corpusFormats = Corpus.Entries.Where(e => e.Expect is "decode" or "digit").Select(e => Enum.Parse<ImageFormat>(e.Format!)).Distinct();

        Assert.All(corpusFormats, format => Assert.Contains(format, ImageDecoder.SupportedFormats));
        Assert.Equal(
            ["image/png", "image/jpeg", "image/bmp", "image/gif", "image/webp", "image/x-portable-anymap", "image/x-tga"],
            ImageDecoder.SupportedFormats.Select(f => f.MediaType()));
    }
}
