using DenoiseApi.Imaging.Tests.Support;

namespace DenoiseApi.Imaging.Tests.Preprocessing;

public sealed class DigitPreprocessorTests
{
    [Fact]
    public void MnistDigitAt28x28PassesThroughUnchanged()
    {
        (_, _, float[] expected) = ReferencePgm.Read(Corpus.Entry("mnist-test-2.png").Reference!);

        PreprocessResult result = DigitPreprocessor.ToModelInput(Images.Decode("mnist-test-2.png"), PreprocessOptions.Default);

        Assert.False(result.Inverted);
        Assert.Equal((28, 28), (result.SourceWidth, result.SourceHeight));
        Assert.Equal(expected.Length, result.Pixels.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], result.Pixels[i], 6);
        }
    }

    [Theory]
    [InlineData("scan-280-black-on-white.jpg")]
    [InlineData("scan-280-black-on-white.png")]
    public void BlackOnWhiteScanIsInvertedAndFramedAsMnistWas(string file)
    {
        PreprocessResult result = DigitPreprocessor.ToModelInput(Images.Decode(file), PreprocessOptions.Default);

        Assert.True(result.Inverted);
        Assert.Equal((280, 280), (result.SourceWidth, result.SourceHeight));
        (int _, int _, int width, int height) = Images.InkBox(result.Pixels, 0.1f);
        Assert.InRange(Math.Max(width, height), 19, 21);
        (double x, double y) = Images.CentreOfMass(result.Pixels);
        Assert.InRange(x, 13.4, 14.6);
        Assert.InRange(y, 13.4, 14.6);
        Assert.InRange(result.Pixels.Max(), 0.9f, 1f); // the darkest ink, levelled to 1, then area-averaged
        Assert.All(result.Pixels, v => Assert.InRange(v, 0f, 1f));
    }

    /// <summary>The 37x29 corpus variants: MNIST test digit 0 in every format, colour, bit depth and transparency.</summary>
    public static TheoryData<string> VariantsOfDigitZero => new(
        Corpus.Expecting("decode").Where(e => (e.Width, e.Height) == (37, 29)).Select(e => e.File));

    [Theory]
    [MemberData(nameof(VariantsOfDigitZero))]
    public void EveryFormatVariantPreprocessesToTheMnistDigitItShows(string file)
    {
        float[] original = Images.Decode("mnist-test-0.png").Pixels;

        PreprocessResult result = DigitPreprocessor.ToModelInput(Images.Decode(file), PreprocessOptions.Default);

        // All are dark ink on light paper except the light digit drawn on a transparent canvas (flattened onto black).
        Assert.Equal(!file.Contains("light-ink", StringComparison.Ordinal), result.Inverted);
        double correlation = Images.Correlation(original, result.Pixels);
        Assert.True(correlation > 0.7, $"{file}: correlation {correlation:F3}"); // 0.75 for 2-bit palette, mostly > 0.95
    }

    [Fact]
    public void ScanLooksLikeTheMnistDigitItWasMadeFrom()
    {
        // The scan is MNIST test digit 1 enlarged, blurred and printed dark on paper (see Corpus/generate.py).
        float[] original = Images.Decode("mnist-test-1.png").Pixels;

        PreprocessResult result = DigitPreprocessor.ToModelInput(Images.Decode("scan-280-black-on-white.jpg"), PreprocessOptions.Default);

        Assert.True(Images.Correlation(original, result.Pixels) > 0.8, $"correlation {Images.Correlation(original, result.Pixels):F3}");
    }

    [Fact]
    public void ForcedPolarityOverridesTheBorder()
    {
        GrayImage mnist = Images.Decode("mnist-test-3.png");
        GrayImage scan = Images.Decode("scan-280-black-on-white.png");

        PreprocessResult inverted = DigitPreprocessor.ToModelInput(mnist, new PreprocessOptions(Polarity.Invert));
        PreprocessResult kept = DigitPreprocessor.ToModelInput(scan, new PreprocessOptions(Polarity.Keep, FitMode.Stretch));

        Assert.True(inverted.Inverted);
        Assert.Equal(1f - mnist.Pixels[0], inverted.Pixels[0], 6);
        Assert.False(kept.Inverted);
        Assert.True(kept.Pixels.Average() > 0.5f, "A kept light scan stays light.");
    }

    [Fact]
    public void StretchResizesTheWholeImageByAreaAverage()
    {
        GrayImage source = Images.Random(56, 84, seed: 3);

        PreprocessResult result = DigitPreprocessor.ToModelInput(source, new PreprocessOptions(Polarity.Keep, FitMode.Stretch));

        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                float sum = 0;
                for (int dy = 0; dy < 3; dy++)
                {
                    sum += source[2 * x, (3 * y) + dy] + source[(2 * x) + 1, (3 * y) + dy];
                }

                Assert.Equal(sum / 6, result.Pixels[(y * 28) + x], 1e-5f);
            }
        }
    }

    [Fact]
    public void WideDigitKeepsItsAspectRatioInTheTwentyPixelBox()
    {
        // A dark 80x20 bar on a light 120x60 page.
        GrayImage page = Images.Filled(120, 60, (x, y) => x is >= 20 and < 100 && y is >= 20 and < 40 ? 0.05f : 0.95f);

        PreprocessResult result = DigitPreprocessor.ToModelInput(page, PreprocessOptions.Default);

        (int left, int top, int width, int height) = Images.InkBox(result.Pixels, 0.5f);
        Assert.Equal((20, 5), (width, height));
        // The centre of mass (9.5, 2) of the 20x5 bar moves to (14, 14) by whole pixels: rows 12..16, and columns
        // 4..23 or 5..24 (a half-pixel tie).
        Assert.Equal(12, top);
        Assert.InRange(left, 4, 5);
    }

    [Theory]
    [InlineData(50, 40, FitMode.Auto)]
    [InlineData(50, 40, FitMode.Mnist)]
    [InlineData(50, 40, FitMode.Stretch)]
    [InlineData(28, 28, FitMode.Auto)]
    [InlineData(28, 28, FitMode.Mnist)]
    [InlineData(28, 28, FitMode.Stretch)]
    public void BlankPageIsEmptyOnEveryFitMode(int width, int height, FitMode fit)
    {
        GrayImage page = Images.Filled(width, height, (_, _) => 0.8f);

        var error = Assert.Throws<ImageDecodeException>(() => DigitPreprocessor.ToModelInput(page, new PreprocessOptions(Fit: fit)));

        Assert.Equal(ImageErrorKind.Empty, error.Kind);
    }

    [Fact]
    public void FaintStrokeUnderTheContrastThresholdIsStillBlankWhenStretched()
    {
        GrayImage page = Images.Filled(28, 28, (x, _) => x == 14 ? 0.75f : 0.8f);

        var error = Assert.Throws<ImageDecodeException>(() => DigitPreprocessor.ToModelInput(page, new PreprocessOptions(Fit: FitMode.Stretch)));

        Assert.Equal(ImageErrorKind.Empty, error.Kind);
    }

    [Fact]
    public void ImageWithoutPixelsIsEmpty()
    {
        var error = Assert.Throws<ImageDecodeException>(() => DigitPreprocessor.ToModelInput(new GrayImage(0, 0, []), PreprocessOptions.Default));

        Assert.Equal(ImageErrorKind.Empty, error.Kind);
    }

    [Fact]
    public void CallerLevelsUndoTheInversionAndClamp()
    {
        // Longer than any vector, so both the vector loop and the scalar tail run.
        float[] model = [.. Enumerable.Range(0, 37).Select(i => (i % 5) switch { 0 => 0f, 1 => 0.25f, 2 => 1f, 3 => 1.5f, _ => -0.5f })];
        model[36] = float.NaN;
        model[3] = float.NaN;
        var inverted = new float[model.Length];
        var kept = new float[model.Length];

        DigitPreprocessor.ToCallerLevels(model, inverted: true, inverted);
        DigitPreprocessor.ToCallerLevels(model, inverted: false, kept);

        for (int i = 0; i < model.Length; i++)
        {
            if (float.IsNaN(model[i]))
            {
                Assert.True(float.IsNaN(kept[i]) && float.IsNaN(inverted[i]), $"pixel {i}: {kept[i]}, {inverted[i]}");
                continue;
            }

            float level = Math.Clamp(model[i], 0f, 1f);
            Assert.Equal(level, kept[i]);
            Assert.Equal(1f - level, inverted[i]);
        }
    }

    [Fact]
    public void PixelsThatAreNotNumbersNeverEscapeIntoTheModelInput()
    {
        GrayImage broken = Images.Filled(40, 40, (x, y) => x == y ? float.NaN : x is >= 15 and < 25 ? 0.1f : 0.9f);

        PreprocessResult stretched = DigitPreprocessor.ToModelInput(broken, new PreprocessOptions(Fit: FitMode.Stretch));
        Assert.All(stretched.Pixels, v => Assert.InRange(v, 0f, 1f));

        try
        {
            PreprocessResult framed = DigitPreprocessor.ToModelInput(broken, new PreprocessOptions(Fit: FitMode.Mnist));
            Assert.All(framed.Pixels, v => Assert.InRange(v, 0f, 1f));
        }
        catch (ImageDecodeException e)
        {
            Assert.Equal(ImageErrorKind.Empty, e.Kind);
        }
    }

    [Fact]
    public void StretchedInputMapsBackOntoTheSourceGrid()
    {
        GrayImage source = Images.Filled(56, 42, (x, y) => 0.5f + (0.4f * MathF.Sin(x / 9f) * MathF.Cos(y / 7f)));

        PreprocessResult input = DigitPreprocessor.ToModelInput(source, new PreprocessOptions(Polarity.Keep, FitMode.Stretch));
        GrayImage back = DigitPreprocessor.ToSourceGeometry(input.Pixels, input);

        Assert.Equal((56, 42), (back.Width, back.Height));
        for (int i = 0; i < source.Pixels.Length; i++)
        {
            Assert.Equal(source.Pixels[i], back.Pixels[i], 0.03f);
        }
    }

    [Fact]
    public void FramedDigitMapsBackOntoWhereItIsInTheScan()
    {
        GrayImage scan = Images.Decode("scan-280-black-on-white.png");
        float[] ink = [.. scan.Pixels.Select(v => v < 0.5f ? 1f : 0f)];

        PreprocessResult input = DigitPreprocessor.ToModelInput(scan, PreprocessOptions.Default);
        GrayImage back = DigitPreprocessor.ToSourceGeometry(input.Pixels, input);

        Assert.Equal((280, 280), (back.Width, back.Height));
        double correlation = Images.Correlation(ink, back.Pixels);
        Assert.True(correlation > 0.85, $"correlation {correlation:F3}");
        (int left, int top, int width, int height) = Images.InkBox(ink, 0.5f, 280);
        (int backLeft, int backTop, int backWidth, int backHeight) = Images.InkBox(back.Pixels, 0.5f, 280);
        Assert.InRange(backLeft - left, -10, 10);
        Assert.InRange(backTop - top, -10, 10);
        Assert.InRange(backWidth - width, -20, 20);
        Assert.InRange(backHeight - height, -20, 20);
    }
}
