using System.Buffers.Binary;
using System.IO.Compression;

namespace DenoiseApi.MnistData.Tests;

/// <summary>
/// The real MNIST files from the cache scripts/setup.sh fills (a missing file fails with the message naming the
/// script, as every test on real digits does). Expected values are MNIST's published facts, not this reader's output.
/// </summary>
public sealed class RealMnistFilesTests
{
    private static readonly Lazy<MnistSet> Test = new(() => MnistSet.LoadTest());

    [Fact]
    public void TestSetHasMnistsCountsPerDigitAndFamousFirstSeven()
    {
        MnistSet test = Test.Value;

        Assert.Equal(10_000, test.Count);
        Assert.Equal(7, test.Labels[0]);
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], CountPerDigit(test));
        Assert.True(test.Pixels.Contains((byte)0), "background pixels are 0");
        Assert.True(test.Pixels.Contains((byte)255), "the darkest ink is 255");
    }

    [Fact]
    public void TrainingSetHasMnistsCountsPerDigitAndFirstFive()
    {
        MnistSet train = MnistSet.LoadTrain();

        Assert.Equal(60_000, train.Count);
        Assert.Equal(5, train.Labels[0]);
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], CountPerDigit(train));
    }

    [Fact]
    public void FirstTestDigitIsDarkAtTheBorderAndInkedInTheMiddle()
    {
        ReadOnlySpan<byte> seven = Test.Value.Image(0);

        Assert.Equal(784, seven.Length);
        for (int i = 0; i < 28; i++)
        {
            Assert.Equal(0, seven[i]); // top row
            Assert.Equal(0, seven[(27 * 28) + i]); // bottom row
        }

        Assert.True(seven.Count((byte)0) < 784 - 50, "a 7 has more than 50 inked pixels");
    }

    [Fact]
    public void TestImageFileHasTheIdxHeaderOfMnist()
    {
        IdxFile images = IdxReader.ReadImages(MnistFiles.Locate(null).TestImages);

        Assert.Equal([10_000, 28, 28], images.Dimensions);
        Assert.Equal(10_000 * 784, images.Data.Length);
    }

    [Fact]
    public void RealImageFileCutByOneByteIsRejectedAsTruncated()
    {
        byte[] bytes = RawTestImages();

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes[..^1], IdxReader.ImagesMagic));

        Assert.Equal(
            "IDX dimensions [10000, 28, 28] need 7840000 data bytes but the file has 7839999 (truncated).", e.Message);
    }

    [Fact]
    public void RealImageFileClaimingOneMoreImageIsRejectedAsTruncated()
    {
        byte[] bytes = RawTestImages();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 10_001);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes, IdxReader.ImagesMagic));

        Assert.Contains("[10001, 28, 28] need 7840784 data bytes but the file has 7840000 (truncated)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RealImageFileWithALabelMagicNumberIsRejected()
    {
        byte[] bytes = RawTestImages();
        bytes[3] = 0x01;

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes, IdxReader.ImagesMagic));

        Assert.StartsWith("IDX magic number is 0x00000801, expected 0x00000803", e.Message, StringComparison.Ordinal);
    }

    private static int[] CountPerDigit(MnistSet set)
    {
        int[] perDigit = new int[MnistSet.ClassCount];
        foreach (byte label in set.Labels)
        {
            perDigit[label]++;
        }

        return perDigit;
    }

    /// <summary>The test image file's bytes as on disk, ungzipped if the cache holds the .gz.</summary>
    private static byte[] RawTestImages()
    {
        string path = MnistFiles.Locate(null).TestImages;
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        return raw.ToArray();
    }
}
