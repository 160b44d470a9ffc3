using System.Buffers.Binary;
using System.IO.Compression;
using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Encoders;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(31, 17)] // small: stored unfiltered
    [InlineData(100, 80)] // larger: adaptive filters (all five kinds get chosen on random rows)
    public void EncodedImageDecodesToTheClampedQuantisedPixels(int width, int height)
    {
        var random = new Random(width);
        float[] pixels = Images.Filled(width, height, (x, y) => ((x * y) % 7 == 0 ? 0.3f : 0f) + (random.NextSingle() * 0.7f)).Pixels;
        pixels[0] = -0.5f;
        pixels[1] = 1.7f;
        pixels[2] = float.NaN;

        byte[] png = PngEncoder.EncodeGray8(pixels, width, height);

        ImageInfo info = ImageDecoder.Probe(png);
        Assert.Equal(new ImageInfo(ImageFormat.Png, width, height, 8), info);
        Assert.Equal(["IHDR", "IDAT", "IEND"], ChunkTypes(png).Distinct());
        Assert.Equal((8, 0), (png[24], png[25])); // IHDR bit depth 8, colour type 0 (gray)
        GrayImage decoded = ImageDecoder.DecodeGray(png, ImageLimits.Default);
        Assert.Equal([0f, 1f, 0f], decoded.Pixels[..3]);
        for (int i = 3; i < pixels.Length; i++)
        {
            Assert.Equal(MathF.Round(pixels[i] * 255) / 255, decoded.Pixels[i], 1e-6f);
        }
    }

    [Fact]
    public void EncodedMnistDigitIsWithinAFewPercentOfPilsOwnFile()
    {
        // PIL wrote mnist-test-*.png with zlib level 6 and no filtering; the answer is written at the fastest level.
        foreach (string file in new[] { "mnist-test-1.png", "mnist-test-2.png", "mnist-test-3.png", "mnist-test-4.png" })
        {
            GrayImage digit = Images.Decode(file);

            byte[] png = PngEncoder.EncodeGray8(digit.Pixels, 28, 28);

            Assert.True(png.Length <= Corpus.Bytes(file).Length * 1.25, $"{file}: {png.Length} bytes, PIL wrote {Corpus.Bytes(file).Length}.");
            Assert.Equal(digit.Pixels, ImageDecoder.DecodeGray(png, ImageLimits.Default).Pixels);
        }
    }

    /// <summary>
    /// Small images of every kind of content (runs, noise, few levels, repeated rows) and shape, read back by .NET's
    /// zlib (an independent inflater) from the file's IDAT: the scanlines are filter type None and the quantised pixels.
    /// </summary>
    [Fact]
    public void SmallImagesOfAnyContentRoundTripThroughAnIndependentInflater()
    {
        var random = new Random(11);
        for (int n = 0; n < 600; n++)
        {
            int width = random.Next(1, 65);
            int height = random.Next(1, (64 * 64 / width) + 1);
            int kind = n % 4;
            float[] pixels = Images.Filled(width, height, (x, y) => kind switch
            {
                0 => random.NextSingle(),
                1 => (x / 7) % 2 == 0 ? 0f : 0.5f,
                2 => random.Next(4) / 3f,
                _ => (x % 5) / 4f,
            }).Pixels;

            byte[] png = PngEncoder.EncodeGray8(pixels, width, height);

            byte[] scanlines = InflateIdat(png);
            Assert.Equal((width + 1) * height, scanlines.Length);
            for (int y = 0; y < height; y++)
            {
                Assert.Equal(0, scanlines[y * (width + 1)]);
                for (int x = 0; x < width; x++)
                {
                    Assert.Equal((byte)((pixels[(y * width) + x] * 255f) + 0.5f), scanlines[(y * (width + 1)) + 1 + x]);
                }
            }
        }
    }

    [Fact]
    public void EncodersOnManyThreadsReusingTheirBuffersWriteWhatOneFreshEncodeWrites()
    {
        // Each thread keeps and reuses its encoder buffers (EncoderBuffers); images of several sizes, large ones among
        // them, interleave on four threads. A buffer handed out dirty where clean memory was asked for, or shared between
        // two encodes, changes the bytes.
        var images = Enumerable.Range(0, 24).Select(i =>
        {
            var random = new Random(i);
            int size = i % 6 == 5 ? 300 : 20 + i;
            return (Size: size, Pixels: Images.Filled(size, size, (x, y) => random.NextSingle() < 0.2f ? 1f : random.NextSingle() * 0.1f).Pixels);
        }).ToArray();
        byte[][] expected = [.. images.Select(image => PngEncoder.EncodeGray8(image.Pixels, image.Size, image.Size))];

        var mismatches = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (int round = 0; round < 20; round++)
            {
                int i = (round * 7 + thread * 5) % images.Length;
                if (!PngEncoder.EncodeGray8(images[i].Pixels, images[i].Size, images[i].Size).AsSpan().SequenceEqual(expected[i])) mismatches.Add(i);
            }
        });

        Assert.Empty(mismatches);
        Assert.Equal(images[3].Size * images[3].Size, ImageDecoder.DecodeGray(expected[3], ImageLimits.Default).Pixels.Length);
    }

    [Fact]
    public void AThreadKeepsABoundedAmountOfEncoderMemoryWhateverTheAnswerSizes()
    {
        var random = new Random(5);
        for (int side = 20; side <= 200; side += 3)
        {
            float[] pixels = Images.Filled(side, side + 1, (_, _) => random.NextSingle()).Pixels;
            PngEncoder.EncodeGray8(pixels, side, side + 1);
            Assert.InRange(EncoderBuffers.FreeBytesOnThisThread, 1, EncoderBuffers.KeptBytesPerThread);
        }
    }

    [Fact]
    public void AReusedEncoderBufferAskedCleanIsZero()
    {
        using (var dirty = EncoderBuffers.Instance.Allocate<short>(4096))
        {
            dirty.Memory.Span.Fill(-1);
        }

        using var clean = EncoderBuffers.Instance.Allocate<short>(4096, SixLabors.ImageSharp.Memory.AllocationOptions.Clean);
        using var pinned = clean.Memory.Pin();

        Assert.All(clean.Memory.ToArray(), v => Assert.Equal(0, v));
        Assert.Equal(4096, clean.Memory.Length);
    }

    [Fact]
    public void SizeMismatchIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeGray8(new float[10], 3, 3));
    }

    private static IEnumerable<string> ChunkTypes(byte[] png)
    {
        for (int at = 8; at < png.Length;)
        {
            yield return System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            at += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        }
    }

    private static byte[] InflateIdat(byte[] png)
    {
        var idat = new MemoryStream();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (png.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8)) idat.Write(png, at + 8, length);
            at += 12 + length;
        }

        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }
}
