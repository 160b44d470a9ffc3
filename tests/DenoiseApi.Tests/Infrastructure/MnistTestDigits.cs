using DenoiseApi.Imaging;
using DenoiseApi.MnistData;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>The real MNIST test digits (IDX files from scripts/setup.sh's cache), as pixels in [0, 1] and as PNG.</summary>
public sealed class MnistTestDigits
{
    private static readonly Lazy<MnistTestDigits> Shared = new(() => new MnistTestDigits(MnistSet.LoadTest()));

    private MnistTestDigits(MnistSet test)
    {
        Images = Enumerable.Range(0, test.Count).Select(i => PixelScale.ToUnit(test.Image(i))).ToArray();
        Labels = test.Labels.ToArray();
    }

    public static MnistTestDigits Instance => Shared.Value;

    /// <summary>Each digit's 784 pixels, row-major, white on black, in [0, 1].</summary>
    public IReadOnlyList<float[]> Images { get; }

    public IReadOnlyList<byte> Labels { get; }

    /// <summary>Digit <paramref name="index"/> as an 8-bit gray PNG.</summary>
    public byte[] Png(int index) => PngEncoder.EncodeGray8(Images[index], MnistSet.Columns, MnistSet.Rows);
}
