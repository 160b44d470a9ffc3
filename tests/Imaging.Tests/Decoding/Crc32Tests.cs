using System.Text;
using DenoiseApi.Imaging.Decoding;

namespace DenoiseApi.Imaging.Tests.Decoding;

/// <summary>The eight-bytes-per-step CRC-32 against the standard check value and a bit-at-a-time reference.</summary>
public sealed class Crc32Tests
{
    [Fact]
    public void TheCheckValueOf123456789IsCBF43926()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void EveryLengthAndAlignmentMatchesTheBitwiseDefinition()
    {
        var random = new Random(7);
        var data = new byte[300];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
        {
            for (int length = 0; start + length <= data.Length; length += length < 40 ? 1 : 37)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                Assert.Equal(Bitwise(slice), Crc32.Compute(slice));
            }
        }
    }

    [Fact]
    public void AppendingPiecesGivesTheCrcOfTheWhole()
    {
        var data = new byte[1000];
        new Random(11).NextBytes(data);
        foreach (int split in new[] { 0, 1, 7, 8, 9, 500, 999, 1000 })
        {
            Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void APngChunkCrcCoversTypeAndData()
    {
        // The IEND chunk every PNG ends with: CRC of "IEND" is AE 42 60 82.
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }
}
