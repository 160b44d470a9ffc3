using System.Buffers.Binary;
using System.IO.Compression;

namespace DenoiseApi.MnistData;

/// <summary>
/// Reads the IDX format of the MNIST files (LeCun et al.): a 4-byte magic number <c>00 00 08 nd</c> (unsigned bytes,
/// nd dimensions), nd big-endian int32 sizes, then the data. Files may be raw or gzip-compressed; gzip is recognised
/// by its 1f 8b magic bytes, not by the file name. Anything malformed raises <see cref="InvalidDataException"/>.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Largest decompressed file accepted (MNIST train images are 47 MB).</summary>
    private const long MaxBytes = 1L << 30;

    /// <summary>Reads an image file; its images are <c>rows x columns</c> bytes each, row-major.</summary>
    public static IdxFile ReadImages(string path) => Read(path, ImagesMagic);

    /// <summary>Reads a label file.</summary>
    public static IdxFile ReadLabels(string path) => Read(path, LabelsMagic);

    /// <summary>Reads an IDX file and checks it has the <paramref name="expectedMagic"/> number.</summary>
    public static IdxFile Read(string path, int expectedMagic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return Parse(MaybeGunzip(File.ReadAllBytes(path)), expectedMagic);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads an IDX stream (raw or gzip) and checks it has the <paramref name="expectedMagic"/> number.</summary>
    public static IdxFile Read(Stream stream, int expectedMagic)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var raw = new MemoryStream();
        stream.CopyTo(raw);
        return Parse(MaybeGunzip(raw.ToArray()), expectedMagic);
    }

    /// <summary>Parses the bytes of an uncompressed IDX file.</summary>
    public static IdxFile Parse(byte[] bytes, int expectedMagic)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 4)
        {
            throw new InvalidDataException($"Not an IDX file: {bytes.Length} bytes is shorter than the 4-byte magic number.");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException(
                $"IDX magic number is 0x{magic:X8}, expected 0x{expectedMagic:X8} ({Describe(expectedMagic)}).");
        }

        int rank = magic & 0xFF;
        int headerLength = 4 + (4 * rank);
        if (bytes.Length < headerLength)
        {
            throw new InvalidDataException($"IDX header needs {headerLength} bytes for {rank} dimensions but the file has {bytes.Length}.");
        }

        var dims = new int[rank];
        long expectedData = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
            if (dims[d] <= 0)
            {
                throw new InvalidDataException($"IDX dimension {d} is {dims[d]}; every dimension must be positive.");
            }

            expectedData *= dims[d];
            if (expectedData > MaxBytes)
            {
                throw new InvalidDataException($"IDX dimensions [{string.Join(", ", dims[..(d + 1)])}] describe more than {MaxBytes} bytes.");
            }
        }

        long actualData = bytes.Length - headerLength;
        if (actualData != expectedData)
        {
            throw new InvalidDataException(
                $"IDX dimensions [{string.Join(", ", dims)}] need {expectedData} data bytes but the file has {actualData} " +
                (actualData < expectedData ? "(truncated)." : "(trailing bytes)."));
        }

        return new IdxFile(dims, bytes.AsSpan(headerLength).ToArray());
    }

    private static byte[] MaybeGunzip(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return bytes;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        int read;
        while ((read = ReadGzip(gzip, chunk)) > 0)
        {
            if (inflated.Length + read > MaxBytes)
            {
                throw new InvalidDataException($"Gzip data inflates to more than {MaxBytes} bytes.");
            }

            inflated.Write(chunk, 0, read);
        }

        return inflated.ToArray();
    }

    private static int ReadGzip(GZipStream gzip, byte[] chunk)
    {
        try
        {
            return gzip.Read(chunk, 0, chunk.Length);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Corrupt gzip data: {e.Message}", e);
        }
    }

    private static string Describe(int magic) => magic switch
    {
        ImagesMagic => "unsigned-byte images with 3 dimensions",
        LabelsMagic => "unsigned-byte labels with 1 dimension",
        _ => $"type 0x{(magic >> 8) & 0xFF:X2}, {magic & 0xFF} dimensions",
    };
}
