namespace DenoiseApi.MnistData;

/// <summary>
/// One MNIST set (the 60,000 training digits or the 10,000 test digits) as its two IDX files hold it:
/// <see cref="Count"/> images of 28x28 unsigned bytes (row-major, white digit 255 on black 0) and the digit 0-9 each
/// shows. Loading checks that the images are 28x28, that there is one label per image and that every label is a digit;
/// anything else raises <see cref="InvalidDataException"/> naming the files.
/// </summary>
public sealed class MnistSet
{
    /// <summary>Height of a digit in pixels.</summary>
    public const int Rows = 28;

    /// <summary>Width of a digit in pixels.</summary>
    public const int Columns = 28;

    /// <summary>Pixels per digit (784).</summary>
    public const int PixelCount = Rows * Columns;

    /// <summary>Number of labels: the digits 0-9.</summary>
    public const int ClassCount = 10;

    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    private MnistSet(byte[] pixels, byte[] labels)
    {
        _pixels = pixels;
        _labels = labels;
    }

    /// <summary>Number of digits.</summary>
    public int Count => _labels.Length;

    /// <summary>All pixels, image after image, <see cref="PixelCount"/> bytes each.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The digit each image shows, 0-9.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>The <see cref="PixelCount"/> bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * PixelCount, PixelCount);
    }

    /// <summary>The 60,000 training digits from <paramref name="directory"/> (null: the cache, see <see cref="MnistFiles"/>).</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says where it looked and how to fetch MNIST.</exception>
    public static MnistSet LoadTrain(string? directory = null)
    {
        MnistFiles files = MnistFiles.Locate(directory);
        return Load(files.TrainImages, files.TrainLabels);
    }

    /// <summary>The 10,000 test digits from <paramref name="directory"/> (null: the cache, see <see cref="MnistFiles"/>).</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says where it looked and how to fetch MNIST.</exception>
    public static MnistSet LoadTest(string? directory = null)
    {
        MnistFiles files = MnistFiles.Locate(directory);
        return Load(files.TestImages, files.TestLabels);
    }

    /// <summary>Loads an image file and its label file (each raw or gzipped).</summary>
    public static MnistSet Load(string imagesPath, string labelsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagesPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelsPath);
        return Create(IdxReader.ReadImages(imagesPath), IdxReader.ReadLabels(labelsPath), imagesPath, labelsPath);
    }

    /// <summary>Reads an image stream and its label stream (each raw or gzipped), e.g. files held in memory.</summary>
    public static MnistSet Read(Stream images, Stream labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        return Create(
            IdxReader.Read(images, IdxReader.ImagesMagic), IdxReader.Read(labels, IdxReader.LabelsMagic), "images", "labels");
    }

    private static MnistSet Create(IdxFile images, IdxFile labels, string imagesName, string labelsName)
    {
        if (images.Dimensions[1] != Rows || images.Dimensions[2] != Columns)
        {
            throw new InvalidDataException(
                $"{imagesName}: images are {images.Dimensions[1]}x{images.Dimensions[2]}, MNIST digits are {Rows}x{Columns}.");
        }

        if (images.Count != labels.Count)
        {
            throw new InvalidDataException($"{imagesName} has {images.Count} images but {labelsName} has {labels.Count} labels.");
        }

        int notADigit = Array.FindIndex(labels.Data, label => label >= ClassCount);
        if (notADigit >= 0)
        {
            throw new InvalidDataException($"{labelsName}: label {labels.Data[notADigit]} of item {notADigit} is not a digit 0-9.");
        }

        return new MnistSet(images.Data, labels.Data);
    }
}
