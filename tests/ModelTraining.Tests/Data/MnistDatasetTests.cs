using DenoiseApi.Training.Data;
using DenoiseApi.Training.Tests.Fixtures;

namespace DenoiseApi.Training.Tests.Data;

public sealed class MnistDatasetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadsPixelsAsByteOver255AndLabels(bool gzip)
    {
        using var dir = new TempDirectory();
        (byte[] pixels, byte[] labels) = IdxBytes.WriteMnistSet(dir.Path, "train", 12, gzip);
        IdxBytes.WriteMnistSet(dir.Path, "t10k", 4, gzip);

        MnistDataset train = MnistDataset.LoadTrain(dir.Path);

        Assert.Equal(12, train.Count);
        Assert.Equal(12 * 784, train.Images.Length);
        Assert.Equal(labels, train.Labels);
        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, train.Images[i]);
        }

        Assert.Equal(4, MnistDataset.LoadTest(dir.Path).Count);
    }

    [Fact]
    public void ImageReturnsTheRowMajorPixelsOfOneDigit()
    {
        MnistDataset data = Synthetic(5);

        ReadOnlySpan<float> third = data.Image(3);

        Assert.Equal(784, third.Length);
        Assert.Equal(3f, third[0]);
        Assert.Equal(data.Images[(3 * 784) + 783], third[783]);
    }

    [Fact]
    public void TakeKeepsTheFirstDigits()
    {
        MnistDataset taken = Synthetic(10).Take(4);

        Assert.Equal(4, taken.Count);
        Assert.Equal([0f, 1f, 2f, 3f], Enumerable.Range(0, 4).Select(i => taken.Image(i)[0]));
    }

    [Fact]
    public void SplitPartitionsTheDigitsAndKeepsImagesWithTheirLabels()
    {
        MnistDataset data = Synthetic(50);

        (MnistDataset train, MnistDataset validation) = data.Split(validationCount: 12, seed: 42);

        Assert.Equal(38, train.Count);
        Assert.Equal(12, validation.Count);
        var ids = new List<int>();
        foreach (MnistDataset part in new[] { train, validation })
        {
            for (int i = 0; i < part.Count; i++)
            {
                int id = (int)part.Image(i)[0];
                ids.Add(id);
                Assert.Equal(id % 10, part.Labels[i]);
            }
        }

        Assert.Equal(Enumerable.Range(0, 50), ids.Order());
    }

    [Fact]
    public void SplitIsReproducibleForASeedAndShuffles()
    {
        MnistDataset data = Synthetic(50);

        float[] a = data.Split(10, seed: 1).Validation.Images;
        float[] b = data.Split(10, seed: 1).Validation.Images;
        float[] c = data.Split(10, seed: 2).Validation.Images;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(data.Take(10).Images, a);
    }

    [Fact]
    public void RealTestSetLoadsAsUnitFloatsWithItsLabels()
    {
        MnistDataset test = MnistDataset.LoadTest(null);

        Assert.Equal(10_000, test.Count);
        Assert.Equal(7, test.Labels[0]); // the famous first test digit
        Assert.Equal(0f, test.Images.Min());
        Assert.Equal(1f, test.Images.Max());
    }

    internal static MnistDataset Synthetic(int count)
    {
        var images = new float[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            images.AsSpan(i * 784, 784).Fill(0.5f);
            images[i * 784] = i;
            labels[i] = (byte)(i % 10);
        }

        return new MnistDataset(images, labels);
    }
}
