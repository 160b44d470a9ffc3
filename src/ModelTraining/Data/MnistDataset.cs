using DenoiseApi.MnistData;
using DenoiseApi.Noise;

namespace DenoiseApi.Training.Data;

/// <summary>
/// MNIST digits shaped for training: <see cref="Images"/> holds <see cref="Count"/> images of 28x28 floats (pixel/255,
/// row-major, white digit on black as in the files), <see cref="Labels"/> the digit of each; subsets and seeded
/// train/validation splits. The files are read by <see cref="MnistSet"/>.
/// </summary>
public sealed class MnistDataset
{
    public const int Rows = MnistSet.Rows;
    public const int Columns = MnistSet.Columns;
    public const int PixelCount = MnistSet.PixelCount;
    public const int ClassCount = MnistSet.ClassCount;

    public MnistDataset(float[] images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Length != labels.Length * PixelCount)
        {
            throw new ArgumentException(
                $"{images.Length} pixel values do not make {labels.Length} images of {PixelCount} pixels.", nameof(images));
        }

        foreach (byte label in labels)
        {
            if (label >= ClassCount)
            {
                throw new ArgumentException($"Label {label} is not a digit 0-9.", nameof(labels));
            }
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>All pixels, image after image, each in [0, 1].</summary>
    public float[] Images { get; }

    public byte[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>The 784 pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(index * PixelCount, PixelCount);

    /// <summary>The 60,000 training digits from <paramref name="dataDir"/> (null: the default cache, see <see cref="MnistFiles"/>).</summary>
    public static MnistDataset LoadTrain(string? dataDir) => FromSet(MnistSet.LoadTrain(dataDir));

    /// <summary>The 10,000 test digits from <paramref name="dataDir"/> (null: the default cache).</summary>
    public static MnistDataset LoadTest(string? dataDir) => FromSet(MnistSet.LoadTest(dataDir));

    /// <summary>The digits of <paramref name="set"/> (read and checked by <see cref="MnistSet"/>) with pixels scaled to [0, 1].</summary>
    public static MnistDataset FromSet(MnistSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new MnistDataset(PixelScale.ToUnit(set.Pixels), set.Labels.ToArray());
    }

    /// <summary>The first <paramref name="count"/> digits (a copy).</summary>
    public MnistDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new MnistDataset(Images.AsSpan(0, count * PixelCount).ToArray(), Labels.AsSpan(0, count).ToArray());
    }

    /// <summary>The digits at <paramref name="indices"/>, in that order (a copy).</summary>
    public MnistDataset Subset(ReadOnlySpan<int> indices)
    {
        var images = new float[indices.Length * PixelCount];
        var labels = new byte[indices.Length];
        for (var b = 0; b < indices.Length; b++)
        {
            Image(indices[b]).CopyTo(images.AsSpan(b * PixelCount, PixelCount));
            labels[b] = Labels[indices[b]];
        }
        return new MnistDataset(images, labels);
    }

    /// <summary>
    /// Shuffles the digits with <paramref name="seed"/> and holds out <paramref name="validationCount"/> of them: the same
    /// seed always yields the same split, on any machine.
    /// </summary>
    public (MnistDataset Train, MnistDataset Validation) Split(int validationCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validationCount, Count);
        int[] order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var rng = Xoshiro256.ForStream(seed, stream: 0x5917);
        rng.Shuffle(order.AsSpan());
        ReadOnlySpan<int> validation = order.AsSpan(0, validationCount);
        ReadOnlySpan<int> train = order.AsSpan(validationCount);
        return (Subset(train), Subset(validation));
    }
}
