using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Preprocessing;

public sealed class ImageResizerTests
{
    [Fact]
    public void IntegerDownscaleAveragesEachBlock()
    {
        GrayImage source = Images.Random(12, 9, seed: 1);

        GrayImage result = ImageResizer.ResizeArea(source, 4, 3);

        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                float sum = 0;
                for (int dy = 0; dy < 3; dy++)
                {
                    for (int dx = 0; dx < 3; dx++)
                    {
                        sum += source[(3 * x) + dx, (3 * y) + dy];
                    }
                }

                Assert.Equal(sum / 9, result[x, y], 5);
            }
        }
    }

    [Theory]
    [InlineData(37, 29, 28, 28)]
    [InlineData(280, 280, 28, 28)]
    [InlineData(101, 7, 13, 5)]
    public void FractionalDownscaleKeepsTheMeanBrightness(int width, int height, int targetWidth, int targetHeight)
    {
        GrayImage source = Images.Random(width, height, seed: width);

        GrayImage result = ImageResizer.ResizeArea(source, targetWidth, targetHeight);

        Assert.Equal(source.Pixels.Average(), result.Pixels.Average(), 4);
        Assert.All(result.Pixels, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void UpscaleInterpolatesBetweenPixelCentres()
    {
        var source = new GrayImage(2, 1, [0f, 1f]);

        GrayImage result = ImageResizer.ResizeArea(source, 4, 1);

        Assert.Equal([0f, 0.25f, 0.75f, 1f], result.Pixels);
    }

    [Fact]
    public void ConstantImageStaysConstantAtAnySize()
    {
        GrayImage source = Images.Filled(5, 3, (_, _) => 0.3f);

        foreach ((int w, int h) in new[] { (1, 1), (2, 7), (17, 2), (28, 28) })
        {
            Assert.All(ImageResizer.ResizeArea(source, w, h).Pixels, v => Assert.Equal(0.3f, v, 5));
        }
    }
}
