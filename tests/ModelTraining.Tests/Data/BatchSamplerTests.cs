using DenoiseApi.Training.Data;

namespace DenoiseApi.Training.Tests.Data;

public sealed class BatchSamplerTests
{
    [Fact]
    public void EachEpochVisitsEveryIndexOnceInBatchesOfTheRequestedSize()
    {
        var sampler = new BatchSampler(count: 103, seed: 5);

        List<int[]> batches = sampler.Epoch(batchSize: 10).Select(b => b.ToArray()).ToList();

        Assert.Equal(11, batches.Count);
        Assert.All(batches.Take(10), b => Assert.Equal(10, b.Length));
        Assert.Equal(3, batches[^1].Length);
        Assert.Equal(Enumerable.Range(0, 103), batches.SelectMany(b => b).Order());
        Assert.Equal(11, sampler.BatchCount(10));
    }

    [Fact]
    public void DropLastOmitsTheShortBatch()
    {
        var sampler = new BatchSampler(count: 103, seed: 5);

        Assert.Equal(10, sampler.Epoch(10, dropLast: true).Count());
        Assert.Equal(10, sampler.BatchCount(10, dropLast: true));
    }

    [Fact]
    public void EpochsAreShuffledDifferentlyButReproduciblyForASeed()
    {
        var first = new BatchSampler(1000, seed: 9);
        var second = new BatchSampler(1000, seed: 9);

        int[] epoch0 = Flatten(first.Epoch(64));
        int[] epoch1 = Flatten(first.Epoch(64));

        Assert.NotEqual(epoch0, epoch1);
        Assert.NotEqual(Enumerable.Range(0, 1000), epoch0);
        Assert.Equal(epoch0, Flatten(second.Epoch(64)));
        Assert.Equal(epoch1, Flatten(second.Epoch(64)));
        Assert.NotEqual(epoch0, Flatten(new BatchSampler(1000, seed: 10).Epoch(64)));
    }

    [Fact]
    public void ShufflingSpreadsIndicesEvenly()
    {
        // Over many epochs, where index 0 lands should be uniform over the 10 positions.
        var sampler = new BatchSampler(10, seed: 3);
        int[] positionCounts = new int[10];
        for (int epoch = 0; epoch < 20_000; epoch++)
        {
            int[] order = Flatten(sampler.Epoch(10));
            positionCounts[Array.IndexOf(order, 0)]++;
        }

        Assert.All(positionCounts, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void GatherCopiesTheBatchImagesAndLabelsIntoPreallocatedBuffers()
    {
        MnistDataset data = MnistDatasetTests.Synthetic(20);
        int[] indices = [17, 3, 8];
        var images = new float[3 * 784];
        var labels = new byte[3];
        var intLabels = new int[3];

        BatchSampler.Gather(indices, data, images, labels);
        BatchSampler.GatherLabels(indices, data, intLabels);

        for (int b = 0; b < 3; b++)
        {
            Assert.True(data.Image(indices[b]).SequenceEqual(images.AsSpan(b * 784, 784)));
            Assert.Equal(indices[b] % 10, labels[b]);
            Assert.Equal(indices[b] % 10, intLabels[b]);
        }
    }

    [Fact]
    public void GatherRejectsABufferTooSmallForTheBatch()
    {
        MnistDataset data = MnistDatasetTests.Synthetic(5);

        Assert.Throws<ArgumentException>(() => BatchSampler.Gather([0, 1], data, new float[784]));
    }

    private static int[] Flatten(IEnumerable<ReadOnlyMemory<int>> batches) => batches.SelectMany(b => b.ToArray()).ToArray();
}
