using DenoiseApi.Noise;

namespace DenoiseApi.Training.Data;

/// <summary>
/// Yields the indices 0..count-1 in a fresh seeded random order each epoch, cut into mini-batches. Epoch k's order
/// depends only on the seed and k. The batches are slices of one index array owned by the sampler, so nothing is
/// allocated per batch; a batch is valid until the next epoch starts.
/// </summary>
public sealed class BatchSampler
{
    private readonly int[] _order;
    private readonly int _seed;
    private int _epoch;

    public BatchSampler(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _order = new int[count];
        _seed = seed;
    }

    public int Count => _order.Length;

    /// <summary>Number of epochs started so far.</summary>
    public int EpochsStarted => _epoch;

    /// <summary>Number of batches per epoch for <paramref name="batchSize"/>.</summary>
    public int BatchCount(int batchSize, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return dropLast ? Count / batchSize : (Count + batchSize - 1) / batchSize;
    }

    /// <summary>
    /// Starts the next epoch: reshuffles and yields batches of <paramref name="batchSize"/> indices; the last one is
    /// smaller unless <paramref name="dropLast"/> drops it.
    /// </summary>
    public IEnumerable<ReadOnlyMemory<int>> Epoch(int batchSize, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int epoch = _epoch++;
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        var rng = Xoshiro256.ForStream(_seed, stream: 0xBA7C, substream: epoch);
        rng.Shuffle(_order.AsSpan());
        return Batches(_order, batchSize, dropLast);
    }

    private static IEnumerable<ReadOnlyMemory<int>> Batches(int[] order, int batchSize, bool dropLast)
    {
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int length = Math.Min(batchSize, order.Length - start);
            if (dropLast && length < batchSize)
            {
                yield break;
            }

            yield return new ReadOnlyMemory<int>(order, start, length);
        }
    }

    /// <summary>Copies the images at <paramref name="indices"/> into <paramref name="images"/> (indices.Length x 784).</summary>
    public static void Gather(ReadOnlySpan<int> indices, MnistDataset source, Span<float> images)
    {
        ArgumentNullException.ThrowIfNull(source);
        int n = MnistDataset.PixelCount;
        if (images.Length < indices.Length * n)
        {
            throw new ArgumentException($"Image buffer holds {images.Length} values, the batch needs {indices.Length * n}.", nameof(images));
        }

        for (int b = 0; b < indices.Length; b++)
        {
            source.Image(indices[b]).CopyTo(images.Slice(b * n, n));
        }
    }

    /// <summary>Copies the images and labels at <paramref name="indices"/> into preallocated buffers.</summary>
    public static void Gather(ReadOnlySpan<int> indices, MnistDataset source, Span<float> images, Span<byte> labels)
    {
        Gather(indices, source, images);
        GatherLabels(indices, source, labels);
    }

    /// <summary>Copies the labels at <paramref name="indices"/> into <paramref name="labels"/>.</summary>
    public static void GatherLabels(ReadOnlySpan<int> indices, MnistDataset source, Span<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (labels.Length < indices.Length)
        {
            throw new ArgumentException($"Label buffer holds {labels.Length} values, the batch needs {indices.Length}.", nameof(labels));
        }

        for (int b = 0; b < indices.Length; b++)
        {
            labels[b] = source.Labels[indices[b]];
        }
    }

    /// <summary>Copies the labels at <paramref name="indices"/> as integers (e.g. class indices for cross-entropy).</summary>
    public static void GatherLabels(ReadOnlySpan<int> indices, MnistDataset source, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (labels.Length < indices.Length)
        {
            throw new ArgumentException($"Label buffer holds {labels.Length} values, the batch needs {indices.Length}.", nameof(labels));
        }

        for (int b = 0; b < indices.Length; b++)
        {
            labels[b] = source.Labels[indices[b]];
        }
    }
}
