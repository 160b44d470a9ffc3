using System.IO.Compression;
using DenoiseApi.Imaging.Png;
using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Encoders;

/// <summary>The fixed-code zlib writer, read back by .NET's zlib inflater (an independent decoder).</summary>
public sealed class FixedHuffmanZlibTests
{
    public static TheoryData<string, byte[]> Inputs()
    {
        var random = new Random(7);
        var noise = new byte[5000];
        random.NextBytes(noise);
        var runs = new byte[70_000]; // longer than the 32 KiB window and the hash's reach
        for (int i = 0; i < runs.Length; i++) runs[i] = (byte)((i / 300) % 3 == 0 ? 0 : i % 251);
        var lowEntropy = new byte[3000];
        for (int i = 0; i < lowEntropy.Length; i++) lowEntropy[i] = (byte)(random.Next(4) * 85);
        var longRun = Enumerable.Repeat((byte)200, 1000).ToArray(); // matches of the maximum length 258 and a tail
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "one byte", [42] },
            { "two equal bytes", [9, 9] },
            { "three equal bytes", [9, 9, 9] },
            { "all 256 values", Enumerable.Range(0, 256).Select(v => (byte)v).ToArray() },
            { "random", noise },
            { "long run", longRun },
            { "runs beyond the window", runs },
            { "four levels", lowEntropy },
            { "repeated phrase", System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox ", 60))) },
        };
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ZlibInflatesTheStreamBackToTheInput(string name, byte[] input)
    {
        byte[] compressed = FixedHuffmanZlib.Compress(input);

        Assert.Equal(input, Inflate(compressed));
        // zlib header, 3 block-header bits + at most 9 bits per byte + the 7-bit end code rounded up to bytes, Adler-32.
        Assert.True(compressed.Length <= 2 + ((3 + (input.Length * 9) + 7 + 7) / 8) + 4, $"{name}: {compressed.Length} bytes for {input.Length}");
    }

    [Fact]
    public void MnistDigitScanlinesInflateBackAndShrink()
    {
        foreach (string file in new[] { "mnist-test-1.png", "mnist-test-2.png", "mnist-test-3.png", "mnist-test-4.png" })
        {
            GrayImage digit = Images.Decode(file);
            var scanlines = new byte[29 * 28];
            for (int y = 0; y < 28; y++)
            {
                for (int x = 0; x < 28; x++) scanlines[(y * 29) + 1 + x] = (byte)MathF.Round(digit.Pixels[(y * 28) + x] * 255);
            }

            byte[] compressed = FixedHuffmanZlib.Compress(scanlines);

            Assert.Equal(scanlines, Inflate(compressed));
            Assert.True(compressed.Length < scanlines.Length / 2, $"{file}: {compressed.Length} bytes for {scanlines.Length}");
        }
    }

    [Fact]
    public void Adler32MatchesItsDefinition()
    {
        var data = new byte[20_000]; // spans several of the 5552-byte blocks between reductions
        new Random(3).NextBytes(data);
        Array.Fill(data, (byte)255, 0, 6000); // the largest sums

        uint a = 1, b = 0;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        Assert.Equal((b << 16) | a, Adler32.Compute(data));
        Assert.Equal(1u, Adler32.Compute([]));
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new MemoryStream(zlib);
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }
}
