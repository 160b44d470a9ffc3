using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Encoders;

public sealed class PngEncoderTests
{
    [Fact]
    public void EncodedImageDecodesToTheClampedQuantisedPixels()
    {
        float[] pixels = Images.Random(31, 17, seed: 9).Pixels;
        pixels[0] = -0.5f;
        pixels[1] = 1.7f;
        pixels[2] = float.NaN;

        byte[] png = PngEncoder.EncodeGray8(pixels, 31, 17);

        ImageInfo info = ImageDecoder.Probe(png);
        Assert.Equal(new ImageInfo(ImageFormat.Png, 31, 17, false, 8), info);
        GrayImage decoded = ImageDecoder.DecodeGray(png, ImageLimits.Default);
        Assert.Equal([0f, 1f, 0f], decoded.Pixels[..3]);
        for (int i = 3; i < pixels.Length; i++)
        {
            Assert.Equal(MathF.Round(pixels[i] * 255) / 255, decoded.Pixels[i], 6);
        }
    }

    [Fact]
    public void EncodedMnistDigitIsAsCompactAsPilsOwnFile()
    {
        // PIL wrote mnist-test-*.png with zlib level 6 and no filtering; ours must not be larger.
        foreach (string file in new[] { "mnist-test-1.png", "mnist-test-2.png", "mnist-test-3.png", "mnist-test-4.png" })
        {
            GrayImage digit = Images.Decode(file);

            byte[] png = PngEncoder.EncodeGray8(digit.Pixels, 28, 28);

            Assert.True(png.Length <= Corpus.Bytes(file).Length, $"{file}: {png.Length} bytes, PIL wrote {Corpus.Bytes(file).Length}.");
            Assert.Equal(digit.Pixels, ImageDecoder.DecodeGray(png, ImageLimits.Default).Pixels);
        }
    }

    [Fact]
    public void SizeMismatchIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeGray8(new float[10], 3, 3));
    }
}
