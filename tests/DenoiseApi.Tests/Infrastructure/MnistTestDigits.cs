using System.Buffers.Binary;
using DenoiseApi.Imaging;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>The real MNIST test digits (IDX files from scripts/setup.sh's cache), as pixels in [0, 1] and as PNG.</summary>
public sealed class MnistTestDigits
{
    private static readonly Lazy<MnistTestDigits> Shared = new(Load);

    private MnistTestDigits(float[][] images, byte[] labels)
    {
        Images = images;
        Labels = labels;
    }

    public static MnistTestDigits Instance => Shared.Value;

    /// <summary>Each digit's 784 pixels, row-major, white on black, in [0, 1].</summary>
    public IReadOnlyList<float[]> Images { get; }

    public IReadOnlyList<byte> Labels { get; }

    public static string Directory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("DENOISEAPI_CACHE");
            if (string.IsNullOrWhiteSpace(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi");
            return Path.Combine(cache, "mnist");
        }
    }

    /// <summary>Digit <paramref name="index"/> as an 8-bit gray PNG.</summary>
    public byte[] Png(int index) => PngEncoder.EncodeGray8(Images[index], 28, 28);

    private static MnistTestDigits Load()
    {
        var images = File.ReadAllBytes(Path.Combine(Directory, "t10k-images-idx3-ubyte"));
        var labels = File.ReadAllBytes(Path.Combine(Directory, "t10k-labels-idx1-ubyte"));
        if (BinaryPrimitives.ReadInt32BigEndian(images) != 0x803 || BinaryPrimitives.ReadInt32BigEndian(labels) != 0x801)
            throw new InvalidDataException($"The MNIST files in {Directory} are not IDX images/labels; run scripts/setup.sh.");
        var count = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        if (rows != 28 || cols != 28 || BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4)) != count)
            throw new InvalidDataException("Unexpected MNIST header.");
        var pixels = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var image = new float[784];
            for (var p = 0; p < 784; p++) image[p] = images[16 + (i * 784) + p] / 255f;
            pixels[i] = image;
        }
        return new MnistTestDigits(pixels, labels[8..]);
    }
}
