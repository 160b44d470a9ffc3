using DenoiseApi.MnistData.Tests.Fixtures;

namespace DenoiseApi.MnistData.Tests;

public sealed class MnistSetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadsEveryPixelAndLabelAsTheFilesHoldThem(bool gzip)
    {
        using var dir = new TempDirectory();
        (byte[] pixels, byte[] labels) = IdxBytes.WriteMnistSet(dir.Path, "train", 12, gzip);
        (byte[] testPixels, _) = IdxBytes.WriteMnistSet(dir.Path, "t10k", 4, gzip);

        MnistSet train = MnistSet.LoadTrain(dir.Path);
        MnistSet test = MnistSet.LoadTest(dir.Path);

        Assert.Equal(12, train.Count);
        Assert.Equal(pixels, train.Pixels.ToArray());
        Assert.Equal(labels, train.Labels.ToArray());
        Assert.Equal(4, test.Count);
        Assert.Equal(testPixels, test.Pixels.ToArray());
    }

    [Fact]
    public void ImageIsTheRowMajorBytesOfOneDigit()
    {
        (MemoryStream images, MemoryStream labels, byte[] pixels) = InMemorySet(5);

        MnistSet set = MnistSet.Read(images, labels);

        Assert.Equal(pixels.AsSpan(3 * 784, 784).ToArray(), set.Image(3).ToArray());
        Assert.Equal(3, set.Image(3)[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Image(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Image(-1));
    }

    [Fact]
    public void RejectsImagesThatAreNot28By28()
    {
        var images = new MemoryStream(IdxBytes.Images(2, 27, 29, new byte[2 * 27 * 29]));
        var labels = new MemoryStream(IdxBytes.Labels([1, 2]));

        var e = Assert.Throws<InvalidDataException>(() => MnistSet.Read(images, labels));

        Assert.Contains("27x29", e.Message, StringComparison.Ordinal);
        Assert.Contains("28x28", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsImageAndLabelCountsThatDifferNamingBothFiles()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("images"), IdxBytes.Images(2, 28, 28, new byte[2 * 784]));
        File.WriteAllBytes(dir.File("labels"), IdxBytes.Labels([1, 2, 3]));

        var e = Assert.Throws<InvalidDataException>(() => MnistSet.Load(dir.File("images"), dir.File("labels")));

        Assert.Contains($"{dir.File("images")} has 2 images", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{dir.File("labels")} has 3 labels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsLabelsThatAreNotDigits()
    {
        var images = new MemoryStream(IdxBytes.Images(2, 28, 28, new byte[2 * 784]));
        var labels = new MemoryStream(IdxBytes.Labels([4, 10]));

        var e = Assert.Throws<InvalidDataException>(() => MnistSet.Read(images, labels));

        Assert.Contains("label 10 of item 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTheLabelFileGivenAsTheImageFile()
    {
        byte[] labelFile = IdxBytes.Labels([1, 2]);

        var e = Assert.Throws<InvalidDataException>(
            () => MnistSet.Read(new MemoryStream(labelFile), new MemoryStream(labelFile)));

        Assert.Contains("expected 0x00000803", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsATruncatedImageFileSayingHowManyBytesAreMissing()
    {
        byte[] images = IdxBytes.Images(3, 28, 28, new byte[3 * 784]);

        var e = Assert.Throws<InvalidDataException>(() => MnistSet.Read(
            new MemoryStream(images[..^100]), new MemoryStream(IdxBytes.Labels([1, 2, 3]))));

        Assert.Contains("need 2352 data bytes but the file has 2252 (truncated)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFilesPointAtTheSetupScript()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<FileNotFoundException>(() => MnistSet.LoadTest(dir.Path));

        Assert.Contains("scripts/setup.sh", e.Message, StringComparison.Ordinal);
    }

    private static (MemoryStream Images, MemoryStream Labels, byte[] Pixels) InMemorySet(int count)
    {
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            pixels.AsSpan(i * 784, 784).Fill((byte)(100 + i));
            pixels[i * 784] = (byte)i;
            labels[i] = (byte)(9 - i);
        }

        return (new MemoryStream(IdxBytes.Images(count, 28, 28, pixels)), new MemoryStream(IdxBytes.Labels(labels)), pixels);
    }
}
