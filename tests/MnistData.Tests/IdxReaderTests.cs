using DenoiseApi.MnistData.Tests.Fixtures;

namespace DenoiseApi.MnistData.Tests;

public sealed class IdxReaderTests
{
    private static readonly byte[] SixPixels = [0, 1, 2, 253, 254, 255];

    [Fact]
    public void ReadsDimensionsAndPixelsOfARawImageFile()
    {
        IdxFile file = IdxReader.Read(new MemoryStream(IdxBytes.Images(2, 1, 3, SixPixels)), IdxReader.ImagesMagic);

        Assert.Equal([2, 1, 3], file.Dimensions);
        Assert.Equal(2, file.Count);
        Assert.Equal(SixPixels, file.Data);
    }

    [Fact]
    public void RecognisesGzipByItsMagicBytesWhateverTheFileName()
    {
        using var dir = new TempDirectory();
        string path = dir.File("labels-without-gz-extension");
        File.WriteAllBytes(path, IdxBytes.Gzip(IdxBytes.Labels([7, 2, 1, 0])));

        IdxFile file = IdxReader.ReadLabels(path);

        Assert.Equal([4], file.Dimensions);
        Assert.Equal(new byte[] { 7, 2, 1, 0 }, file.Data);
    }

    [Fact]
    public void ReadsARawFileNamedGz()
    {
        using var dir = new TempDirectory();
        string path = dir.File("images.gz");
        File.WriteAllBytes(path, IdxBytes.Images(1, 2, 3, SixPixels));

        Assert.Equal(SixPixels, IdxReader.ReadImages(path).Data);
    }

    [Fact]
    public void RejectsALabelFileWhereImagesAreExpected()
    {
        var e = Assert.Throws<InvalidDataException>(
            () => IdxReader.Read(new MemoryStream(IdxBytes.Labels([1, 2])), IdxReader.ImagesMagic));

        Assert.Contains("magic", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0x00000801", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTruncatedData()
    {
        byte[] bytes = IdxBytes.Images(2, 1, 3, SixPixels);

        var e = Assert.Throws<InvalidDataException>(
            () => IdxReader.Parse(bytes[..^1], IdxReader.ImagesMagic));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTrailingBytes()
    {
        byte[] bytes = [.. IdxBytes.Labels([1, 2]), 9];

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes, IdxReader.LabelsMagic));

        Assert.Contains("trailing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAHeaderShorterThanItsDimensions()
    {
        byte[] bytes = IdxBytes.Images(2, 1, 3, SixPixels)[..10];

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes, IdxReader.ImagesMagic));

        Assert.Contains("header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsZeroAndNegativeDimensions()
    {
        Assert.Throws<InvalidDataException>(
            () => IdxReader.Parse(IdxBytes.Create(IdxReader.ImagesMagic, [0, 28, 28], []), IdxReader.ImagesMagic));
        Assert.Throws<InvalidDataException>(
            () => IdxReader.Parse(IdxBytes.Create(IdxReader.ImagesMagic, [-1, 28, 28], []), IdxReader.ImagesMagic));
    }

    [Fact]
    public void RejectsDimensionsDescribingAbsurdSizesWithoutAllocating()
    {
        byte[] bytes = IdxBytes.Create(IdxReader.ImagesMagic, [int.MaxValue, int.MaxValue, int.MaxValue], []);

        Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes, IdxReader.ImagesMagic));
    }

    [Fact]
    public void RejectsAFileTooShortForTheMagicNumber()
    {
        Assert.Throws<InvalidDataException>(() => IdxReader.Parse([0, 0, 8], IdxReader.LabelsMagic));
    }

    [Fact]
    public void ReportsTruncatedGzipAsInvalidData()
    {
        byte[] gz = IdxBytes.Gzip(IdxBytes.Images(2, 1, 3, SixPixels));

        Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz[..(gz.Length / 2)]), IdxReader.ImagesMagic));
    }

    [Fact]
    public void ReportsAGzipChecksumMismatchAsCorruptGzip()
    {
        byte[] gz = IdxBytes.Gzip(IdxBytes.Images(2, 1, 3, SixPixels));
        gz[^8] ^= 0xFF; // the trailer's CRC-32 of the uncompressed data

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz), IdxReader.ImagesMagic));

        Assert.StartsWith("Corrupt gzip data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnIdxFileOfFloatsNamingBothTypes()
    {
        byte[] floats = IdxBytes.Create(0x00000D03, [1, 1, 1], [0, 0, 0, 0]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Parse(floats, IdxReader.ImagesMagic));

        Assert.Equal(
            "IDX magic number is 0x00000D03, expected 0x00000803 (unsigned-byte images with 3 dimensions).", e.Message);
    }

    [Fact]
    public void NamesTheFileInErrors()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken-idx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
