using System.Buffers.Binary;
using System.IO.Compression;

namespace DenoiseApi.MnistData.Tests.Fixtures;

/// <summary>Writes IDX files byte by byte from the format's definition, independent of the reader under test.</summary>
public static class IdxBytes
{
    public static byte[] Create(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), dims[d]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    public static byte[] Images(int count, int rows, int cols, byte[] pixels) => Create(0x00000803, [count, rows, cols], pixels);

    public static byte[] Labels(byte[] labels) => Create(0x00000801, [labels.Length], labels);

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Writes a small MNIST-shaped set into <paramref name="directory"/>: image i has every pixel equal to (i * 7) % 256
    /// except pixel 0, which is i (so images are told apart), and label i % 10.
    /// </summary>
    public static (byte[] Pixels, byte[] Labels) WriteMnistSet(string directory, string prefix, int count, bool gzip)
    {
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            pixels.AsSpan(i * 784, 784).Fill((byte)(i * 7 % 256));
            pixels[i * 784] = (byte)i;
            labels[i] = (byte)(i % 10);
        }

        string suffix = gzip ? ".gz" : "";
        byte[] images = Images(count, 28, 28, pixels);
        byte[] labelFile = Labels(labels);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-images-idx3-ubyte{suffix}"), gzip ? Gzip(images) : images);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte{suffix}"), gzip ? Gzip(labelFile) : labelFile);
        return (pixels, labels);
    }
}
