using DenoiseApi.Imaging;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>Real MNIST test digits (from the cache scripts/setup.sh fills) as PNG files with their labels.</summary>
internal static class MnistDigits
{
    private const int Side = 28;

    public static string Directory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("DENOISEAPI_CACHE") is { Length: > 0 } c
                ? c
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi");
            return Path.Combine(cache, "mnist");
        }
    }

    /// <summary>Test digit <paramref name="index"/> as an 8-bit grayscale PNG, and its label.</summary>
    public static (byte[] Png, int Label) TestDigit(int index)
    {
        using var images = File.OpenRead(Path.Combine(Directory, "t10k-images-idx3-ubyte"));
        var pixels = new byte[Side * Side];
        images.Seek(16 + ((long)index * pixels.Length), SeekOrigin.Begin);
        images.ReadExactly(pixels);
        using var labels = File.OpenRead(Path.Combine(Directory, "t10k-labels-idx1-ubyte"));
        labels.Seek(8 + index, SeekOrigin.Begin);
        var label = labels.ReadByte();
        var luma = pixels.Select(p => p / 255f).ToArray();
        return (PngEncoder.EncodeGray8(luma, Side, Side), label);
    }
}
