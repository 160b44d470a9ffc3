namespace DenoiseApi.MnistData.Tests;

public sealed class PixelScaleTests
{
    [Fact]
    public void EveryByteBecomesExactlyByteOver255()
    {
        // Long enough for several vector steps and a scalar tail; every byte value occurs.
        byte[] bytes = Enumerable.Range(0, (256 * 3) + 5).Select(i => (byte)(i * 37)).ToArray();

        float[] floats = PixelScale.ToUnit(bytes);

        Assert.Equal(bytes.Select(b => b / 255f), floats);
        Assert.Equal(1f, PixelScale.ToUnit([255])[0]);
        Assert.Equal(0f, PixelScale.ToUnit([0])[0]);
    }

    [Fact]
    public void WritesIntoALongerDestinationAndLeavesTheRestAlone()
    {
        byte[] bytes = Enumerable.Range(0, 40).Select(i => (byte)(i * 6)).ToArray();
        float[] destination = Enumerable.Repeat(-1f, 45).ToArray();

        PixelScale.ToUnit(bytes, destination);

        Assert.Equal(bytes.Select(b => b / 255f), destination[..40]);
        Assert.All(destination[40..], value => Assert.Equal(-1f, value));
    }

    [Fact]
    public void RejectsADestinationTooShort()
    {
        var e = Assert.Throws<ArgumentException>(() => PixelScale.ToUnit(new byte[33], new float[32]));

        Assert.Contains("32 floats cannot hold 33 pixels", e.Message, StringComparison.Ordinal);
    }
}
