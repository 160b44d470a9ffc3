using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Decoding;

/// <summary>Every real variant in the corpus decodes to the luma its independent encoder's own decoder reports.</summary>
public sealed class CorpusDecodingTests
{
    public static TheoryData<string> Decodable => Corpus.Files("decode");

    public static TheoryData<string> Unsupported => Corpus.Files("unsupported");

    [Theory]
    [MemberData(nameof(Decodable))]
    public void ProbeReportsWhatTheEncoderWrote(string file)
    {
        CorpusEntry entry = Corpus.Entry(file);

        ImageInfo info = ImageDecoder.Probe(Corpus.Bytes(file));

        Assert.Equal(Enum.Parse<ImageFormat>(entry.Format!), info.Format);
        Assert.Equal((entry.Width, entry.Height), (info.Width, info.Height));
        Assert.Equal(entry.HasAlpha, info.HasAlpha);
        Assert.Equal(entry.BitDepth, info.BitDepth);
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

        // References are 8- or 16-bit and rounded by the tool; the tolerance is in 1/255 steps, plus half a step.
        double allowed = (entry.Tolerance + 0.5) / 255.0;
        Assert.True(worst <= allowed,
            $"{file}: pixel ({worstIndex % width}, {worstIndex / width}) is {image.Pixels[worstIndex] * 255:F2}/255, reference {expected[worstIndex] * 255:F2}/255.");
        Assert.True(total / expected.Length <= 1.0 / 255, $"{file}: mean difference {total / expected.Length * 255:F3}/255.");
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void RecognisedButUnsupportedFormatsAreRefusedAsUnsupported(string file)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(Corpus.Bytes(file), ImageLimits.Default));

        Assert.Equal(ImageErrorKind.Unsupported, error.Kind);
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
        Assert.True(allocated < 64 * 1024, $"Refusing the header allocated {allocated} bytes; no pixel buffer may be created.");
    }

    [Fact]
    public void SupportedFormatsListsEveryDecodableCorpusFormat()
    {
        var formats = Corpus.Expecting("decode").Select(e => Enum.Parse<ImageFormat>(e.Format!)).Distinct();

        Assert.All(formats, format => Assert.Contains(format, ImageDecoder.SupportedFormats));
        Assert.DoesNotContain(ImageFormat.WebP, ImageDecoder.SupportedFormats);
    }

    [Fact]
    public void SupportedFormatsHaveImageMediaTypes()
    {
        Assert.Equal(
            ["image/png", "image/jpeg", "image/bmp", "image/x-portable-anymap"],
            ImageDecoder.SupportedFormats.Select(f => f.MediaType()));
    }
}
