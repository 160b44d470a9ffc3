using System.Runtime.Intrinsics;
using DenoiseApi.Noise;

namespace DenoiseApi.Training.Data;

/// <summary>
/// MNIST digits in memory: <see cref="Images"/> holds <see cref="Count"/> images of 28x28 floats (pixel/255, row-major,
/// white digit on black as in the files), <see cref="Labels"/> the digit of each.
/// </summary>
public sealed class MnistDataset
{
    public const int Rows = 28;
    public const int Columns = 28;
    public const int PixelCount = Rows * Columns;
    public const int ClassCount = 10;

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
    public static MnistDataset LoadTrain(string? dataDir)
    {
        MnistFiles files = MnistFiles.Locate(dataDir);
        return Load(files.TrainImages, files.TrainLabels);
    }

    /// <summary>The 10,000 test digits from <paramref name="dataDir"/> (null: the default cache).</summary>
    public static MnistDataset LoadTest(string? dataDir)
    {
        MnistFiles files = MnistFiles.Locate(dataDir);
        return Load(files.TestImages, files.TestLabels);
    }

    /// <summary>Loads an image file and its label file, checking that they match and the images are 28x28.</summary>
    public static MnistDataset Load(string imagesPath, string labelsPath)
    {
        IdxFile images = IdxReader.ReadImages(imagesPath);
        IdxFile labels = IdxReader.ReadLabels(labelsPath);
        if (images.Dimensions[1] != Rows || images.Dimensions[2] != Columns)
        {
            throw new InvalidDataException(
                $"{imagesPath}: images are {images.Dimensions[1]}x{images.Dimensions[2]}, MNIST digits are {Rows}x{Columns}.");
        }

        if (images.Count != labels.Count)
        {
            throw new InvalidDataException($"{imagesPath} has {images.Count} images but {labelsPath} has {labels.Count} labels.");
        }

        foreach (byte label in labels.Data)
        {
            if (label >= ClassCount)
            {
                throw new InvalidDataException($"{labelsPath}: label {label} is not a digit 0-9.");
            }
        }

        return new MnistDataset(ToUnitFloats(images.Data), labels.Data);
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
        BatchSampler.Gather(indices, this, images, labels);
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

    /// <summary>pixel / 255 for every byte; vector division rounds exactly like the scalar one.</summary>
    internal static float[] ToUnitFloats(ReadOnlySpan<byte> pixels)
    {
        var result = new float[pixels.Length];
        Vector256<float> divisor = Vector256.Create(255.0f);
        int i = 0;
        for (; i + Vector256<byte>.Count <= pixels.Length; i += Vector256<byte>.Count)
        {
            (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(Vector256.Create(pixels.Slice(i, Vector256<byte>.Count)));
            (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo);
            (Vector256<uint> c, Vector256<uint> d) = Vector256.Widen(hi);
            Span<float> target = result.AsSpan(i, Vector256<byte>.Count);
            (Vector256.ConvertToSingle(a.AsInt32()) / divisor).CopyTo(target);
            (Vector256.ConvertToSingle(b.AsInt32()) / divisor).CopyTo(target[8..]);
            (Vector256.ConvertToSingle(c.AsInt32()) / divisor).CopyTo(target[16..]);
            (Vector256.ConvertToSingle(d.AsInt32()) / divisor).CopyTo(target[24..]);
        }

        for (; i < pixels.Length; i++)
        {
            result[i] = pixels[i] / 255.0f;
        }

        return result;
    }
}
